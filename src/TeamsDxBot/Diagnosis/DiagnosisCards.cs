using Newtonsoft.Json.Linq;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Diagnosis;

/// <summary>The diagnosis and recognition parts of the report cards.</summary>
public static class DiagnosisCards
{
    public const string ThanksVerb = "diagnosis.thanks";

    /// <summary>The executive message draft offered with the one-off pattern (null: none could be made).</summary>
    public sealed record DraftOffer(string BroadcastId, string Body);

    /// <summary>A proposal with whether (and by whom) it was already sent.</summary>
    public sealed record ThanksLine(ThanksProposal Proposal, string? SentBy, DateTime? SentAt, string DepartmentNames);

    public static string PatternName(Texts t, string pattern) => t[pattern switch
    {
        ToolFirstRule.Key => nameof(Strings.Diagnosis_ToolFirst),
        IsolatedPromoterRule.Key => nameof(Strings.Diagnosis_IsolatedPromoter),
        _ => nameof(Strings.Diagnosis_OneOff),
    }];

    public static IReadOnlyList<JObject> Findings(Texts t, IReadOnlyList<DiagnosisFinding> findings, DraftOffer? draft)
    {
        var shown = findings.Where(f => f.Shows).ToList();
        if (shown.Count == 0)
        {
            return [Container([Heading(t[nameof(Strings.Diagnosis_Heading)]), Text(t[nameof(Strings.Diagnosis_NothingVisible)])], separator: true)];
        }
        var items = new List<JToken?> { Heading(t[nameof(Strings.Diagnosis_Heading)]) };
        foreach (var finding in shown)
        {
            items.Add(Text(t.Format(nameof(Strings.Diagnosis_PatternLine), PatternName(t, finding.Pattern), finding.Holding, finding.Signals.Count), weight: "Bolder",
                color: "Warning"));
            items.AddRange(finding.Signals.Where(s => s.Holds == true).Select(s => Text(t.Format(nameof(Strings.Diagnosis_Evidence), s.Evidence))));
            items.Add(Text(t.Format(nameof(Strings.Diagnosis_Suggestion), finding.Action)));
            if (finding.Pattern == OneOffEnthusiasmRule.Key && draft is not null)
            {
                items.Add(Text(t[nameof(Strings.Diagnosis_DraftReady)], subtle: true));
                items.Add(UserText(draft.Body, subtle: true));
                items.Add(ActionSet(
                [
                    Submit(t[nameof(Strings.Diagnosis_DraftSend)], BroadcastCards.SendNowVerb, new { broadcastId = draft.BroadcastId }, style: "positive", validateInputs: false),
                    Submit(t[nameof(Strings.Diagnosis_DraftEdit)], BroadcastCards.ComposeVerb, new { broadcastId = draft.BroadcastId }, validateInputs: false),
                ]));
            }
        }
        return [Container(items, separator: true)];
    }

    public static IReadOnlyList<JObject> Thanks(Texts t, string initiativeId, string period, IReadOnlyList<ThanksLine> lines)
    {
        if (lines.Count == 0)
        {
            return [];
        }
        var items = new List<JToken?> { Heading(t[nameof(Strings.Diagnosis_ThanksHeading)]), Text(t[nameof(Strings.Diagnosis_ThanksIntro)], subtle: true) };
        for (var i = 0; i < lines.Count; i++)
        {
            var (proposal, sentBy, sentAt, departments) = lines[i];
            var input = $"thanksDepartment{i}";
            items.Add(Container(
            [
                Text(EscapeMarkdown(proposal.KeyUser.DisplayName), weight: "Bolder"),
                Text(proposal.ReasonText(t)),
                sentBy is not null
                    ? Text(t.Format(nameof(Strings.Diagnosis_ThanksSent), sentBy, sentAt), color: "Good")
                    : null,
                sentBy is null && proposal.DepartmentIds.Count > 0 ? Toggle(input, t.Format(nameof(Strings.Diagnosis_ThanksToDepartment), departments), false) : null,
                sentBy is null ? ActionSet(
                [
                    Execute(t[nameof(Strings.Diagnosis_ThanksSend)], ThanksVerb,
                        new { initiativeId, keyUserId = proposal.KeyUser.AadObjectId, period, departmentInput = input }, style: "positive"),
                ]) : null,
            ], separator: i > 0));
        }
        return [Container(items, separator: true)];
    }
}
