using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Reports;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Diagnosis;

/// <summary>
/// An executive presses "send thanks" on the monthly card: the thank-you goes to the key user (and, if the
/// toggle is on, their departments) as a broadcast by that executive, through the broadcasts' own sending (so
/// it is in the broadcast list with its delivery report). The proposal is claimed first: a second press, by
/// anyone or on an older copy of the card, sends nothing.
/// </summary>
public sealed partial class ThanksAction(
    InitiativeRepository initiatives,
    PersonRepository people,
    DiagnosisFactsReader reader,
    Recognition recognition,
    DiagnosisSends sends,
    BroadcastService broadcasts,
    PulseReports reports,
    Audit.IAuditLog audit,
    TimeProvider time,
    ILogger<ThanksAction> logger) : ICardAction
{
    public string Verb => DiagnosisCards.ThanksVerb;

    public Role RequiredRole => Role.Executive;

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}$")]
    private static partial Regex PeriodFormat();

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var t = request.T;
        var period = data.String("period") ?? "";
        var initiative = data.String("initiativeId") is { Length: > 0 } i ? await initiatives.GetAsync(request.TenantId, i, ct) : null;
        var keyUserId = data.String("keyUserId") ?? "";
        if (initiative is null || !PeriodFormat().IsMatch(period) || keyUserId.Length == 0)
        {
            await request.ReplyAsync(t[nameof(Strings.Error_CardOutdated)], ct);
            return;
        }
        var facts = await reader.ReadAsync(initiative, ct);
        // The figures are read again: what is sent is what holds now, never a figure carried by the card.
        var proposal = recognition.Propose(facts).FirstOrDefault(p => p.KeyUser.AadObjectId == keyUserId);
        var key = DiagnosisSends.ThanksKey(initiative.Id, period, keyUserId);
        if (await sends.GetAsync(request.TenantId, key, ct) is not null)
        {
            await request.ReplyAsync(t[nameof(Strings.Diagnosis_ThanksAlready)], ct);
            await request.ReplaceSubmittedCardAsync(await reports.CardAsync(initiative, request.User, ReportKind.Monthly, ct), ct);
            return;
        }
        if (proposal is null || await people.GetAsync(request.TenantId, keyUserId, ct) is not { } keyUser)
        {
            await request.ReplyAsync(t[nameof(Strings.Diagnosis_ThanksOutdated)], ct);
            return;
        }
        if (!await sends.TryClaimAsync(request.TenantId, key, request.Person.AadObjectId, time.GetUtcNow(), ct))
        {
            await request.ReplyAsync(t[nameof(Strings.Diagnosis_ThanksAlready)], ct);
            await request.ReplaceSubmittedCardAsync(await reports.CardAsync(initiative, request.User, ReportKind.Monthly, ct), ct);
            return;
        }
        var toDepartments = data.String("departmentInput") is { Length: > 0 } input && data.String(input) == "true";
        var sent = await SendAsync(request, keyUser, proposal, toDepartments ? proposal.DepartmentIds : [], ct);
        if (sent is null)
        {
            await sends.ReleaseAsync(request.TenantId, key, ct);
            await request.ReplyAsync(t[nameof(Strings.Diagnosis_ThanksFailed)], ct);
            return;
        }
        await sends.CompleteAsync(request.TenantId, key, sent.Id, ct);
        await audit.RecordAsync(request.User, Audit.AuditAction.BroadcastSent, sent.Title, ct);
        logger.LogInformation("Thanks {BroadcastId} to key user {KeyUser} sent by {Executive}", sent.Id, keyUserId, request.Person.AadObjectId);
        await request.ReplyAsync(t.Format(nameof(Strings.Diagnosis_ThanksDone), keyUser.DisplayName), ct);
        await request.ReplaceSubmittedCardAsync(await reports.CardAsync(initiative, request.User, ReportKind.Monthly, ct), ct);
    }

    /// <summary>A draft by the executive sent at once; a draft that could not go out is dropped again, so nothing is left half done.</summary>
    private async Task<Broadcast?> SendAsync(TurnRequest request, Person keyUser, ThanksProposal proposal, IReadOnlyList<string> departmentIds, CancellationToken ct)
    {
        // In the key user's language: the message is theirs.
        var t = PersonTexts.For(keyUser);
        var draft = new BroadcastDraft(t.Format(nameof(Strings.Diagnosis_ThanksTitle), keyUser.DisplayName),
            t.Format(nameof(Strings.Diagnosis_ThanksBody), keyUser.DisplayName, proposal.ReasonText(t)),
            BroadcastAudience.People, departmentIds, null, Acknowledge: false) { PersonIds = [keyUser.AadObjectId] };
        Broadcast created;
        try
        {
            created = await broadcasts.CreateDraftAsync(request.Person, draft, ct);
        }
        catch (ArgumentException e)
        {
            // A department archived since the card was made: nothing was stored.
            logger.LogWarning(e, "Thanks to {KeyUser} could not be drafted", keyUser.AadObjectId);
            return null;
        }
        var sent = await broadcasts.SendNowAsync(request.User, created.Id, ct);
        if (sent.Outcome == BroadcastOutcome.Sent)
        {
            return sent.Broadcast;
        }
        await broadcasts.CancelAsync(request.User, created.Id, ct);
        return null;
    }
}
