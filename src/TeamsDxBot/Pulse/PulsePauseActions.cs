using System.Globalization;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Pulse;

/// <summary>A person pauses their own surveys until a date (holidays, leave), or takes them up again.</summary>
public sealed class PulsePauseActions(PersonRepository people, PulseOpenSurveys open, PersonZones zones, TimeProvider time) : ICardVerbs
{
    public const int MaxPauseDays = 366;

    public IReadOnlyList<CardVerb> Verbs =>
    [
        new(PulseCards.PauseVerb, Role.Staff, PauseAsync),
        new(PulseCards.ResumeVerb, Role.Staff, ResumeAsync),
    ];

    private async Task PauseAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var today = Today;
        if (!DateOnly.TryParseExact(data.String("until"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until)
            || until < today || until > today.AddDays(MaxPauseDays))
        {
            await request.ReplyAsync(request.T.Format(nameof(Strings.Pulse_PauseDateInvalid), MaxPauseDays), ct);
            return;
        }
        await SetPausedUntilAsync(request, until, today, ct);
        await request.ReplyAsync(request.T.Format(nameof(Strings.Pulse_Paused), Formats.Day(request.T, until)), ct);
    }

    private async Task ResumeAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        await SetPausedUntilAsync(request, null, Today, ct);
        await request.ReplyAsync(request.T[nameof(Strings.Pulse_Resumed)], ct);
    }

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private async Task SetPausedUntilAsync(TurnRequest request, DateOnly? until, DateOnly today, CancellationToken ct)
    {
        var updated = await people.UpdateAsync(request.TenantId, request.Person.AadObjectId, p => p with { PulsePausedUntil = until }, ct) ?? request.Person;
        await request.ReplaceSubmittedCardAsync(PulseCards.Pause(request.T, updated, today, await open.ForAsync(updated, ct), await zones.OfAsync(updated, ct)), ct);
    }
}
