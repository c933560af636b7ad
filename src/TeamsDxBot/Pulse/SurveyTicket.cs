using System.Globalization;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Pulse;

/// <summary>
/// What a survey card says about the person it was sent to, signed with the deployment's key: the run,
/// when it closes, the department they were invited in (their answer counts there, as their invitation
/// did, even if they move meanwhile), and the language and time zone the card was written in. A press
/// on the card therefore needs no lookup: who may answer, where it counts and how to reply are all here.
/// </summary>
public sealed record SurveyTicket(string RunId, DateTimeOffset ClosesAt, string DepartmentId, string Language, string TimeZone, string Token)
{
    public object Data => new
    {
        runId = RunId,
        closes = ClosesAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        dept = DepartmentId,
        lang = Language,
        tz = TimeZone,
        token = Token,
    };

    /// <summary>The ticket a card's data carries (not yet checked), or null when a part is missing.</summary>
    public static SurveyTicket? Read(JObject data) =>
        data.String("runId") is { Length: > 0 } runId
        && long.TryParse(data.String("closes"), NumberStyles.None, CultureInfo.InvariantCulture, out var closes)
        && closes <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
        && data.String("token") is { Length: > 0 } token
            ? new SurveyTicket(runId, DateTimeOffset.FromUnixTimeSeconds(closes), data.String("dept") ?? "", data.String("lang") ?? "", data.String("tz") ?? "", token)
            : null;
}

/// <summary>Survey and thank-you cards carry their ticket, so presses on them need no directory read.</summary>
public sealed class PulseCardSender(PulseKeys keys) : Directory.ISignedCardSender
{
    public Person? Identify(string tenantId, string aadObjectId, string? name, string verb, JObject data) =>
        verb is PulseCards.AnswerVerb or PulseCards.EditVerb && SurveyTicket.Read(data) is { } ticket && keys.IsValid(ticket, tenantId, aadObjectId)
            ? new Person
            {
                TenantId = tenantId,
                AadObjectId = aadObjectId,
                Name = name ?? "",
                DepartmentId = ticket.DepartmentId,
                PreferredLanguage = ticket.Language,
                TimeZone = ticket.TimeZone,
            }
            : null;
}
