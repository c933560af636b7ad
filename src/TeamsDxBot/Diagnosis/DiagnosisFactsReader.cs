using Microsoft.Extensions.Options;
using TeamsDxBot.Anonymity;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;
using TeamsDxBot.Questions;
using TeamsDxBot.Turns;
using TeamsDxBot.Usage;

namespace TeamsDxBot.Diagnosis;

/// <summary>Reads what the diagnosis and the recognition look at: stored pulse figures, measured usage, the directory, questions, broadcasts.</summary>
public sealed class DiagnosisFactsReader(
    PulseRunRepository runs,
    DepartmentRepository departments,
    PersonRepository people,
    QuestionRepository questions,
    BroadcastService broadcasts,
    // The reports' cached read: a send asks for the same figures once for every reader, not once per section and reader.
    UsageReports usage,
    Access access,
    IOptions<AnonymityOptions> anonymity,
    IOptions<DiagnosisOptions> options,
    TimeProvider time)
{
    public async Task<DiagnosisFacts> ReadAsync(Initiative initiative, CancellationToken ct)
    {
        var tenantId = initiative.TenantId;
        var now = time.GetUtcNow();
        var k = anonymity.Value.Threshold;
        var pulses = (await runs.ListAsync(tenantId, ct))
            .Where(r => r.InitiativeId == initiative.Id && r.Kind == PulseRunKind.Pulse && r.Summary is not null)
            .OrderBy(r => r.LocalTime).ThenBy(r => r.CreatedAt)
            .Select(r => PulseKpis.Figures(r, r.Summary!, k))
            .Where(f => !f.Company.Suppressed)
            .Select(f => new PulsePoint(f.Run.Date, f.Company.ResponseRate, f.Company.UseRate, f.Company.Ease, f.Company.FallbackRate,
                f.Run.Questions.Any(q => q.Role == PulseRoles.Blockers) ? f.Company.Blockers : new Dictionary<string, int>(),
                f.Departments.Where(d => !d.Suppressed && d.Key is not (GroupFigures.Other or "") && d.UseRate is not null)
                    .ToDictionary(d => d.Key, d => d.UseRate!.Value)))
            .ToList();
        var allDepartments = await departments.ListAsync(tenantId, ct);
        var covered = allDepartments.Where(d => !d.Archived && (initiative.DepartmentIds.Count == 0 || initiative.DepartmentIds.Contains(d.Id))).ToList();
        var everyone = await people.ListAsync(tenantId, ct);
        var promoters = everyone.Where(p => access.RolesOf(p).Contains(Role.Promoter)).Select(p => p.AadObjectId).ToHashSet(StringComparer.Ordinal);
        var since = now - TimeSpan.FromDays(options.Value.WindowDays);
        var about = (await questions.ListAsync(tenantId, ct)).Where(q => q.InitiativeId is null || q.InitiativeId == initiative.Id).ToList();
        return new DiagnosisFacts(
            initiative,
            now,
            pulses,
            await usage.OverviewAsync(initiative, ct),
            covered,
            everyone,
            promoters,
            about.Where(q => q.CreatedAt >= since).ToList(),
            about.Where(q => q.Escalated && q.IsOpenForAnswer).ToList(),
            await broadcasts.LastExecutiveSendAsync(tenantId, ct));
    }
}
