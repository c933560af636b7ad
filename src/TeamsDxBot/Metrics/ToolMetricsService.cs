using System.Globalization;
using System.Text.RegularExpressions;
using System.Text;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Metrics;

public sealed record MetricsUploadResult(IReadOnlyList<MetricsProblem> Problems, ToolMetricsWrite? Write, IReadOnlyList<ToolMetric> Metrics)
{
    public bool Stored => Problems.Count == 0;
}

/// <summary>
/// Checks every row of an upload before anything is written: one problem anywhere means nothing is
/// stored, and every problem is reported with its line so the sender can fix them all at once.
/// </summary>
public sealed partial class ToolMetricsService(
    ToolMetricsRepository metrics, InitiativeRepository initiatives, DepartmentRepository departments, TimeProvider time, ILogger<ToolMetricsService> logger)
{
    public const int MaxCsvLength = 100_000;
    private const int MaxEcho = 40;

    /// <summary>Empty, "*", 全社 and "all" mean the figure is for the whole company (compared after Department.NormalizeName).</summary>
    private static readonly HashSet<string> CompanyNames = new(["", "*", "全社", "ALL"], StringComparer.Ordinal);

    public async Task<MetricsUploadResult> UploadFromChatAsync(UserContext actor, string? initiativeId, string? csv, CancellationToken ct)
    {
        if (!actor.IsPromoter)
        {
            return Fail(new MetricsProblem(0, nameof(Strings.Error_NotAllowed)));
        }
        if (string.IsNullOrWhiteSpace(initiativeId))
        {
            return Fail(new MetricsProblem(0, nameof(Strings.Metrics_PickInitiative)));
        }
        if (await initiatives.GetAsync(actor.Person.TenantId, initiativeId, ct) is null)
        {
            return Fail(new MetricsProblem(0, nameof(Strings.Metrics_InitiativeNotFound)));
        }
        return await UploadCsvAsync(actor.Person.TenantId, initiativeId, ToolMetric.ChatSource(actor.Person.AadObjectId), csv, ct);
    }

    public async Task<MetricsUploadResult> UploadCsvAsync(string tenantId, string initiativeId, string source, string? csv, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(csv))
        {
            return Fail(new MetricsProblem(0, nameof(Strings.Metrics_Empty), MetricsInput.CsvHeader));
        }
        if (csv.Length > MaxCsvLength)
        {
            return Fail(new MetricsProblem(0, nameof(Strings.Metrics_TooLong), MaxCsvLength, MetricsInput.MaxRows));
        }
        var (rows, problems) = MetricsInput.ParseCsv(csv);
        return await UploadAsync(tenantId, initiativeId, source, rows, problems, ct);
    }

    public async Task<MetricsUploadResult> UploadJsonAsync(string tenantId, string initiativeId, string source, string? json, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Fail(new MetricsProblem(0, nameof(Strings.Metrics_JsonNotArray)));
        }
        var (rows, problems) = MetricsInput.ParseJson(json);
        return await UploadAsync(tenantId, initiativeId, source, rows, problems, ct);
    }

    private async Task<MetricsUploadResult> UploadAsync(string tenantId, string initiativeId, string source,
        List<MetricsRow> rows, List<MetricsProblem> problems, CancellationToken ct)
    {
        if (rows.Count > MetricsInput.MaxRows)
        {
            return Fail(new MetricsProblem(0, nameof(Strings.Metrics_TooManyRows), MetricsInput.MaxRows));
        }
        if (rows.Count == 0 && problems.Count == 0)
        {
            return Fail(new MetricsProblem(0, nameof(Strings.Metrics_NoRows)));
        }
        var byName = (await departments.ListAsync(tenantId, ct)).ToDictionary(d => Department.NormalizeName(d.Name));
        var now = time.GetUtcNow();
        // The company may be up to 14 hours ahead of UTC, and its current week is not in the future.
        var latestWeek = ToolMetric.MondayOf(DateOnly.FromDateTime(now.UtcDateTime.AddHours(14)));
        var seen = new Dictionary<(DateOnly, string?), int>();
        var valid = new List<ToolMetric>();

        foreach (var row in rows)
        {
            var before = problems.Count;
            var week = ParseWeek(row, latestWeek, problems);
            var department = ParseDepartment(row, byName, problems);
            var active = ParseCount(row.Line, row.ActiveUsers, nameof(Strings.Metrics_ActiveUsersInvalid), problems);
            var rate = ParseRate(row.Line, row.InputCompletionRate, problems);
            var errors = ParseCount(row.Line, row.ErrorCount, nameof(Strings.Metrics_ErrorCountInvalid), problems);
            if (IsBlank(row.ActiveUsers) && IsBlank(row.InputCompletionRate) && IsBlank(row.ErrorCount))
            {
                problems.Add(new(row.Line, nameof(Strings.Metrics_NoFigures)));
            }
            if (week is { } w && department is { } d)
            {
                if (seen.TryGetValue((w, d.Id), out var firstLine))
                {
                    problems.Add(d.Name is null
                        ? new(row.Line, nameof(Strings.Metrics_DuplicateRowCompany), Date(w), firstLine)
                        : new(row.Line, nameof(Strings.Metrics_DuplicateRow), Date(w), d.Name, firstLine));
                }
                else
                {
                    seen.Add((w, d.Id), row.Line);
                }
            }
            if (problems.Count == before)
            {
                valid.Add(new ToolMetric
                {
                    TenantId = tenantId,
                    InitiativeId = initiativeId,
                    WeekStart = week!.Value,
                    DepartmentId = department!.Value.Id,
                    ActiveUsers = active,
                    InputCompletionRate = rate,
                    ErrorCount = errors,
                    Source = source,
                    ReceivedAt = now,
                });
            }
        }
        if (problems.Count > 0)
        {
            return Fail([.. problems.OrderBy(p => p.Line)]);
        }
        var write = await metrics.UpsertAsync(tenantId, initiativeId, valid, ct);
        logger.LogInformation("Stored {Added} new and {Replaced} replaced tool figures for initiative {InitiativeId} from {Source}",
            write.Added, write.Replaced, initiativeId, source);
        return new MetricsUploadResult([], write, valid);
    }

    private static MetricsUploadResult Fail(params MetricsProblem[] problems) => new(problems, null, []);

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    /// <summary>Values are echoed in messages; a pasted paragraph in one cell should not flood them.</summary>
    private static string Echo(string value) => value.Length <= MaxEcho ? value : value[..MaxEcho] + "…";

    private static string Normalize(string value) => value.Normalize(NormalizationForm.FormKC).Trim();

    private static DateOnly? ParseWeek(MetricsRow row, DateOnly latestWeek, List<MetricsProblem> problems)
    {
        if (IsBlank(row.Week))
        {
            problems.Add(new(row.Line, nameof(Strings.Metrics_WeekMissing)));
            return null;
        }
        if (!DateOnly.TryParseExact(Normalize(row.Week!), ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy-M-d", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || date.Year < 2000)
        {
            problems.Add(new(row.Line, nameof(Strings.Metrics_WeekInvalid), Echo(row.Week!.Trim())));
            return null;
        }
        var week = ToolMetric.MondayOf(date);
        if (week > latestWeek)
        {
            problems.Add(new(row.Line, nameof(Strings.Metrics_WeekInFuture), Date(date)));
            return null;
        }
        return week;
    }

    /// <summary>The department (Id null and Name null for the whole company), or null when it is unknown.</summary>
    private static (string? Id, string? Name)? ParseDepartment(MetricsRow row, Dictionary<string, Department> byName, List<MetricsProblem> problems)
    {
        var name = Department.NormalizeName(row.Department ?? "");
        if (CompanyNames.Contains(name))
        {
            return (null, null);
        }
        if (byName.TryGetValue(name, out var department))
        {
            // Archived departments are accepted: the figures may well be from before it was archived.
            return (department.Id, department.Name);
        }
        problems.Add(new(row.Line, nameof(Strings.Metrics_UnknownDepartment), Echo(row.Department!.Trim())));
        return null;
    }

    [GeneratedRegex(@"^\d{1,3}(,\d{3})+$")]
    private static partial Regex Thousands();

    /// <summary>A whole number from 0; "1,234" is read as 1234 only when the commas group thousands.</summary>
    private static int? ParseCount(int line, string? value, string problemKey, List<MetricsProblem> problems)
    {
        if (IsBlank(value))
        {
            return null;
        }
        var text = Normalize(value!);
        if (Thousands().IsMatch(text))
        {
            text = text.Replace(",", "", StringComparison.Ordinal);
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        problems.Add(new(line, problemKey, Echo(value!.Trim())));
        return null;
    }

    /// <summary>Percent from 0 to 100, written "87.5" or "87.5%".</summary>
    private static double? ParseRate(int line, string? value, List<MetricsProblem> problems)
    {
        if (IsBlank(value))
        {
            return null;
        }
        var text = Normalize(value!);
        if (text.EndsWith('%'))
        {
            text = text[..^1].TrimEnd();
        }
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) && double.IsFinite(rate) && rate is >= 0 and <= 100)
        {
            return rate;
        }
        problems.Add(new(line, nameof(Strings.Metrics_RateInvalid), Echo(value!.Trim())));
        return null;
    }
}
