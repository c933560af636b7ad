using System.Globalization;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Anonymity;
using TeamsDxBot.Calendar;
using TeamsDxBot.Directory;
using TeamsDxBot.Files;
using TeamsDxBot.Pulse;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Reports;

/// <summary>The promoter downloads a run's responses as CSV (Excel-friendly UTF-8), anonymised per the run's setting.</summary>
public sealed class ExportAction(PulseRunRepository runs, PulseResponseRepository responses, DepartmentRepository departments, FileStore files, PersonZones zones,
    IOptions<AnonymityOptions> anonymity, Audit.IAuditLog audit) : ICardAction
{
    public string Verb => ReportCards.ExportVerb;
    public Role RequiredRole => Role.Promoter;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var run = data.String("runId") is { Length: > 0 } id ? await runs.GetAsync(request.TenantId, id, ct) : null;
        if (run is null)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Pulse_NotFound)], ct);
            return;
        }
        var rows = await responses.ListAsync(request.TenantId, run.Id, ct);
        var k = anonymity.Value.Threshold;
        if (run.Anonymous && !Groups(rows, k).TotalShown)
        {
            // The report shows no figure for so few answers; their rows would show each answer.
            await request.ReplyAsync(request.T.Format(nameof(Strings.Report_ExportTooFew), k), ct);
            return;
        }
        var names = (await departments.ListAsync(request.TenantId, ct)).ToDictionary(d => d.Id, d => d.Name);
        var csv = Csv(request.T, run, rows, names, k, zones.Company);
        var link = await files.PublishAsync(request.TenantId, $"pulse-{run.Id}.csv", "text/csv; charset=utf-8", csv, ct);
        await audit.RecordAsync(request.User, Audit.AuditAction.CsvExported, $"{run.ToolName} {run.Id} ({rows.Count})", ct);
        await request.ReplyAsync(ReportCards.Export(request.T, link, rows.Count, run.Anonymous), ct);
    }

    /// <summary>The groups of an anonymous run's rows: the report's groups, by the same policy on the same respondents.</summary>
    public static Grouping Groups(IReadOnlyList<PulseResponse> rows, int k) =>
        GroupingPolicy.Decide(rows.GroupBy(r => r.DepartmentId).Select(g => new GroupSize(g.Key, g.Count())), k);

    /// <summary>
    /// One row per response, one column per question. Named runs: the name, the department and when it
    /// was answered on the company's clock. Anonymous runs: no name and no answer time (the run's date is
    /// all a reader needs, and the time narrows who answered); the department is the report's group, so a
    /// department the report folds into "other" is "other" here too; fewer than k answers in all, no rows.
    /// </summary>
    public static byte[] Csv(Localization.Texts t, PulseRun run, IReadOnlyList<PulseResponse> rows, IReadOnlyDictionary<string, string> departmentNames, int k,
        TimeZoneInfo companyZone)
    {
        var groups = Groups(rows, k);
        string Department(string id) => run.Anonymous && !groups.IsShown(id) ? t.Format(nameof(Strings.Report_Other), k)
            : id.Length == 0 ? t[nameof(Strings.Report_NoDepartment)] : departmentNames.GetValueOrDefault(id, id);
        return CsvFiles.Write(csv =>
        {
            csv.WriteField(t[nameof(Strings.Report_CsvRun)]);
            csv.WriteField(t[nameof(Strings.Report_CsvDepartment)]);
            if (!run.Anonymous)
            {
                csv.WriteField(t[nameof(Strings.Report_CsvName)]);
                csv.WriteField(t.Format(nameof(Strings.Report_CsvAnsweredAt), companyZone.Id));
            }
            foreach (var q in run.Questions)
            {
                csv.WriteField(q.Text(t.IsEnglish, run.ToolNameFor(t.IsEnglish)));
            }
            csv.NextRecord();
            // Anonymous rows are ordered by their keyed hash, so the order says nothing about who answered when.
            IEnumerable<PulseResponse> ordered = run.Anonymous
                ? groups.TotalShown ? rows.OrderBy(r => r.RespondentKey, StringComparer.Ordinal) : []
                : rows.OrderBy(r => r.AnsweredAt);
            foreach (var r in ordered)
            {
                csv.WriteField(run.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                csv.WriteField(Department(r.DepartmentId));
                if (!run.Anonymous)
                {
                    csv.WriteField(r.Name ?? "");
                    csv.WriteField(WallClock.ToLocal(r.AnsweredAt, companyZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
                }
                foreach (var q in run.Questions)
                {
                    csv.WriteField(r.Answers.TryGetValue(q.Id, out var v) ? PulseCards.AnswerText(t, q, v) : "");
                }
                csv.NextRecord();
            }
        });
    }
}
