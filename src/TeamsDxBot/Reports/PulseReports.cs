using TeamsDxBot.Anonymity;
using System.Globalization;
using Cronos;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Pulse;
using TeamsDxBot.Questions;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Reports;

/// <summary>
/// Who gets which report, and when: the weekly report after each pulse closes (promoters: everything;
/// key users: their departments), the review report after each milestone review (promoters and
/// executives), and the executives' monthly report. Sends go through the outbox with fixed message
/// ids, so an instance repeating the work after a crash, or two instances at once, send each once.
/// </summary>
public sealed class PulseReports(
    ReportBuilder builder,
    InitiativeRepository initiatives,
    PulseRunRepository runs,
    PersonRepository people,
    DepartmentRepository departments,
    QuestionRepository questions,
    IEnumerable<IOpenImprovements> improvements,
    IEnumerable<IReportSection> sections,
    Access access,
    Outbox outbox,
    JobMarks marks,
    PersonZones zones,
    IOptions<PulseOptions> options, IOptions<AnonymityOptions> anonymity,
    TimeProvider time,
    ILogger<PulseReports> logger) : IPulseResultsPublisher
{
    /// <summary>The report a reader may see, fully built: scope by role, chart, question figures and improvements.</summary>
    public async Task<JObject> CardAsync(Initiative initiative, UserContext reader, ReportKind kind, CancellationToken ct, IReadOnlyList<PulseRun>? tenantRuns = null, string? runId = null) =>
        await CardAsync(initiative, reader.Person, reader.Roles, reader.T, kind, new SendCache(), ct, tenantRuns, runId);

    /// <summary>What every reader of one send shares: charts per scope and language, the question figures, the departments.</summary>
    private sealed class SendCache
    {
        public Dictionary<(string, string), Uri?> Charts { get; } = [];
        public QuestionSection? Questions { get; set; }
        public IReadOnlyList<Department>? Departments { get; set; }
        public Dictionary<string, RunProgress?> Progress { get; } = [];
    }

    public static ReportScope ScopeFor(IReadOnlySet<Role> roles, Person person, ReportKind kind) =>
        kind == ReportKind.Monthly ? ReportScope.CompanyOnly with { Comments = true }
        : roles.Contains(Role.Promoter) || roles.Contains(Role.Executive) ? ReportScope.Everything
        : roles.Contains(Role.KeyUser) ? new ReportScope(false, person.KeyUserOf, true)
        : ReportScope.CompanyOnly;

    private async Task<JObject> CardAsync(Initiative initiative, Person person, IReadOnlySet<Role> roles, Texts t, ReportKind kind,
        SendCache cache, CancellationToken ct, IReadOnlyList<PulseRun>? tenantRuns = null, string? runId = null)
    {
        var scope = ScopeFor(roles, person, kind);
        cache.Departments ??= await departments.ListAsync(initiative.TenantId, ct);
        var report = await builder.BuildAsync(initiative, scope, kind, t, ct, tenantRuns, runId, cache.Departments);
        var shownId = report?.Run?.Id ?? "";
        if (!cache.Progress.TryGetValue(shownId, out var progress))
        {
            progress = cache.Progress[shownId] = await builder.ProgressAsync(initiative, report?.Run, ct, tenantRuns);
        }
        var added = await SectionsAsync(new ReportSectionContext(initiative, person, roles, t, kind, scope, cache.Departments,
            report is not null && ReportBuilder.HasFigures(report) ? report : null), ct);
        if (report is null || (runId is null && !ReportBuilder.HasFigures(report)))
        {
            // Plainly that there is nothing to show yet, never a status without figures.
            return ReportCards.NoData(t, initiative.NameFor(t.IsEnglish), builder.Threshold, progress, added);
        }
        // One chart per scope and language, shared by everyone who gets the same one.
        var chartKey = (string.Join(',', report.Groups.Select(g => g.Key)), t.Culture.Name);
        if (!cache.Charts.TryGetValue(chartKey, out var chart))
        {
            chart = cache.Charts[chartKey] = await builder.ChartAsync(report, t, ct);
        }
        var isPromoter = roles.Contains(Role.Promoter);
        var leader = isPromoter || roles.Contains(Role.Executive);
        report = report with
        {
            Chart = chart,
            CanExport = isPromoter && report.Run is not null,
            CanDownloadWorkbook = leader && kind != ReportKind.Review && report.Run is not null && ReportBuilder.HasFigures(report),
            Progress = progress,
            Questions = leader && kind != ReportKind.Review ? cache.Questions ??= await QuestionsAsync(initiative.TenantId, ct) : null,
            Sections = added,
        };
        if (kind == ReportKind.Review)
        {
            report = report with { OpenImprovements = await OpenImprovementsAsync(initiative, t, ct) };
        }
        return ReportCards.Report(t, report);
    }

    private async Task<IReadOnlyList<ReportSectionContent>> SectionsAsync(ReportSectionContext context, CancellationToken ct)
    {
        var list = new List<ReportSectionContent>();
        foreach (var section in sections.OrderBy(s => s.Order))
        {
            list.Add(await section.BuildAsync(context, ct));
        }
        return list;
    }

    private async Task<IReadOnlyList<string>> OpenImprovementsAsync(Initiative initiative, Texts t, CancellationToken ct)
    {
        var list = new List<string>();
        foreach (var source in improvements)
        {
            list.AddRange(await source.OpenAsync(initiative, t, ct));
        }
        return list;
    }

    /// <summary>Question handling per department and the long-overdue count (the question issue's part of the reports).</summary>
    public async Task<QuestionSection> QuestionsAsync(string tenantId, CancellationToken ct)
    {
        var all = await questions.ListAsync(tenantId, ct);
        var now = time.GetUtcNow();
        var days = options.Value.LongOverdueDays;
        var longOverdue = all.Count(q => q.IsOpenForAnswer && q.DueAt < now - TimeSpan.FromDays(days));
        var names = (await departments.ListAsync(tenantId, ct)).ToDictionary(d => d.Id, d => d.Name);
        var personNames = (await people.ListAsync(tenantId, ct)).ToDictionary(p => p.AadObjectId, p => p.DisplayName);
        var shown = QuestionMeasures.Shown(all, anonymity.Value.Threshold);
        return new QuestionSection(shown.Departments, shown.KeyUsers, longOverdue, days, names, personNames);
    }

    /// <summary>After a run is summarised: the weekly report (pulses) or the review report (milestones).</summary>
    public async Task SendRunReportAsync(PulseRun run, CancellationToken ct)
    {
        var initiative = await initiatives.GetAsync(run.TenantId, run.InitiativeId, ct);
        if (initiative is null)
        {
            return;
        }
        var kind = run.Kind == PulseRunKind.Review ? ReportKind.Review : ReportKind.Weekly;
        var everyone = await people.ListAsync(run.TenantId, ct);
        var readers = everyone.Select(p => (Person: p, Roles: access.RolesOf(p)))
            .Where(x => kind == ReportKind.Review
                ? x.Roles.Contains(Role.Promoter) || x.Roles.Contains(Role.Executive)
                : x.Roles.Contains(Role.Promoter) || x.Roles.Contains(Role.KeyUser))
            .ToList();
        await SendAsync($"report:{run.TenantId}:{run.Id}", initiative, readers, kind, ct, run.Id);
        logger.LogInformation("{Kind} report of {RunId} queued for {Count} people", kind, run.Id, readers.Count);
    }

    /// <summary>The executives' monthly report, once per month at the configured time in the company's zone.</summary>
    public async Task SendMonthlyIfDueAsync(string tenantId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var zone = zones.Company;
        var due = CronExpression.Parse(options.Value.MonthlyReportCron).GetOccurrences(now.AddDays(-3), now, zone, true, true).LastOrDefault();
        if (due == default)
        {
            return;
        }
        var month = due.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var key = $"exec-monthly|{month}";
        if (await marks.IsDoneAsync(tenantId, key, ct))
        {
            return;
        }
        var readers = (await people.ListAsync(tenantId, ct)).Select(p => (Person: p, Roles: access.RolesOf(p))).Where(x => x.Roles.Contains(Role.Executive)).ToList();
        var tenantRuns = await runs.ListAsync(tenantId, ct);
        foreach (var initiative in await initiatives.ListAsync(tenantId, ct))
        {
            await SendAsync($"report:{tenantId}:monthly:{month}:{initiative.Id}", initiative, readers, ReportKind.Monthly, ct, null, tenantRuns);
        }
        await marks.MarkDoneAsync(tenantId, key, ct);
        logger.LogInformation("Monthly executive report {Month} queued for {Count} executives", month, readers.Count);
    }

    private async Task SendAsync(string messageId, Initiative initiative, IReadOnlyList<(Person Person, IReadOnlySet<Role> Roles)> readers, ReportKind kind,
        CancellationToken ct, string? runId = null, IReadOnlyList<PulseRun>? tenantRuns = null)
    {
        tenantRuns ??= await runs.ListAsync(initiative.TenantId, ct);
        var cache = new SendCache();
        var requests = new List<SendRequest>();
        foreach (var (person, roles) in readers.Where(r => r.Person.CanBeMessaged))
        {
            var card = await CardAsync(initiative, person, roles, PersonTexts.For(person), kind, cache, ct, tenantRuns, runId);
            requests.Add(new SendRequest(messageId, person.AadObjectId, Recipient.For(person), new MessageContent(null, card)));
        }
        if (requests.Count > 0)
        {
            await outbox.EnqueueAsync(messageId, null, requests, "reports", ct);
        }
    }
}

/// <summary>Open improvement items of an initiative, listed in review reports (the improvements feature provides them).</summary>
public interface IOpenImprovements
{
    Task<IReadOnlyList<string>> OpenAsync(Initiative initiative, Texts t, CancellationToken ct);
}
