using System.Globalization;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Pulse;

public sealed class PulsePauseAction(PersonRepository people, TimeProvider time, string verb) : ICardAction
{
    public const int MaxPauseDays = 366;

    public string Verb => verb;
    public Role RequiredRole => Role.Staff;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        DateOnly? until = null;
        if (verb == PulseCards.PauseVerb)
        {
            if (!DateOnly.TryParseExact(data.String("until"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || date < today || date > today.AddDays(MaxPauseDays))
            {
                await request.ReplyAsync(request.T.Format(nameof(Strings.Pulse_PauseDateInvalid), MaxPauseDays), ct);
                return;
            }
            until = date;
        }
        var updated = await people.UpdateAsync(request.TenantId, request.Person.AadObjectId, p => p with { PulsePausedUntil = until }, ct);
        await request.ReplaceSubmittedCardAsync(PulseCards.Pause(request.T, updated ?? request.Person, today), ct);
        await request.ReplyAsync(until is { } u
            ? request.T.Format(nameof(Strings.Pulse_Paused), Formats.Day(request.T, u))
            : request.T[nameof(Strings.Pulse_Resumed)], ct);
    }
}
