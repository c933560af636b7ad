using TeamsDxBot.Broadcasts;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Reports;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Diagnosis;

/// <summary>
/// The programme's health in the promoter's weekly report and the executives' monthly report: the failure
/// patterns the data shows (or that none is visible), and on the monthly card the executive message draft
/// and the thank-yous to propose. Key users, staff and the other report kinds get nothing from it.
/// </summary>
public sealed class DiagnosisSection(
    DiagnosisFactsReader reader,
    IEnumerable<IDiagnosisRule> rules,
    Recognition recognition,
    DiagnosisSends sends,
    BroadcastService broadcasts,
    PersonZones zones,
    TimeProvider time,
    ILogger<DiagnosisSection> logger) : IReportSection
{
    /// <summary>After the measured usage (which comes before it): the diagnosis reads the figures above it.</summary>
    public int Order => 200;

    public static bool IsFor(ReportKind kind, IReadOnlySet<Role> roles) =>
        (kind == ReportKind.Weekly && roles.Contains(Role.Promoter)) || (kind == ReportKind.Monthly && roles.Contains(Role.Executive));

    public async Task<ReportSectionContent> BuildAsync(ReportSectionContext context, CancellationToken ct)
    {
        if (!IsFor(context.Kind, context.Roles))
        {
            return ReportSectionContent.None;
        }
        var t = context.T;
        var facts = await reader.ReadAsync(context.Initiative, ct);
        var findings = rules.Select(r => r.Evaluate(facts, t)).ToList();
        var executive = context.Kind == ReportKind.Monthly && context.Roles.Contains(Role.Executive);
        var period = Recognition.Period(time.GetUtcNow(), zones.Company);
        DiagnosisCards.DraftOffer? draft = null;
        if (executive && findings.Any(f => f.Pattern == OneOffEnthusiasmRule.Key && f.Shows))
        {
            draft = await DraftAsync(context.Reader, context.Initiative, period, t, ct);
        }
        var elements = DiagnosisCards.Findings(t, findings, draft).ToList();
        if (executive)
        {
            elements.AddRange(DiagnosisCards.Thanks(t, context.Initiative.Id, period, await ThanksLinesAsync(context.Initiative, facts, period, context.Departments, t, ct)));
        }
        return new ReportSectionContent(elements, []);
    }

    /// <summary>The proposals with whether each was sent already (by whom, when, on the company's clock).</summary>
    public async Task<IReadOnlyList<DiagnosisCards.ThanksLine>> ThanksLinesAsync(Initiative initiative, DiagnosisFacts facts, string period,
        IReadOnlyList<Department> departments, Texts t, CancellationToken ct)
    {
        var names = departments.ToDictionary(d => d.Id, d => d.Name);
        var lines = new List<DiagnosisCards.ThanksLine>();
        foreach (var proposal in recognition.Propose(facts))
        {
            var sent = await sends.GetAsync(initiative.TenantId, DiagnosisSends.ThanksKey(initiative.Id, period, proposal.KeyUser.AadObjectId), ct);
            var by = sent is null ? null : facts.People.FirstOrDefault(p => p.AadObjectId == sent.By)?.DisplayName ?? sent.By;
            lines.Add(new(proposal, by, sent is null ? null : TimeZoneInfo.ConvertTime(sent.At, zones.Company).DateTime,
                string.Join(t.IsEnglish ? ", " : "、", proposal.DepartmentIds.Select(d => names.GetValueOrDefault(d, d)))));
        }
        return lines;
    }

    /// <summary>
    /// This month's executive message draft for this executive, made once (a report built again offers the
    /// same draft); none when another build is making it right now or it can no longer be sent.
    /// </summary>
    private async Task<DiagnosisCards.DraftOffer?> DraftAsync(Person executive, Initiative initiative, string period, Texts t, CancellationToken ct)
    {
        var key = DiagnosisSends.DraftKey(initiative.Id, period, executive.AadObjectId);
        var tenantId = initiative.TenantId;
        if (!await sends.TryClaimAsync(tenantId, key, executive.AadObjectId, time.GetUtcNow(), ct))
        {
            var made = await sends.GetAsync(tenantId, key, ct);
            var stored = made?.BroadcastId is { } id ? (await broadcasts.OpenAsync(new UserContext(executive, new HashSet<Role> { Role.Executive }, t, false), id, ct)).Broadcast : null;
            return stored is { Status: BroadcastStatus.Draft } ? new(stored.Id, stored.Body) : null;
        }
        var name = initiative.NameFor(t.IsEnglish);
        var body = t.Format(nameof(Strings.Diagnosis_DraftBody), name);
        Broadcast draft;
        try
        {
            draft = await broadcasts.CreateDraftAsync(executive,
                new BroadcastDraft(t.Format(nameof(Strings.Diagnosis_DraftTitle), name), body, BroadcastAudience.Initiative, [], initiative.Id, Acknowledge: true), ct);
        }
        catch
        {
            // No draft was stored: the claim goes back, so the next report offers one.
            await sends.ReleaseAsync(tenantId, key, CancellationToken.None);
            throw;
        }
        await sends.CompleteAsync(tenantId, key, draft.Id, ct);
        logger.LogInformation("Executive message draft {BroadcastId} offered to {Executive} for {Initiative}", draft.Id, executive.AadObjectId, initiative.Id);
        return new(draft.Id, body);
    }
}
