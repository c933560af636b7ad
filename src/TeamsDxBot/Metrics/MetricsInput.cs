using System.Text.Json;
using System.Text;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Metrics;

/// <summary>A problem with sent figures; Line is the CSV line or the JSON array position (from 1), 0 for the upload as a whole.</summary>
public sealed record MetricsProblem(int Line, string Key, params object[] Args);

/// <summary>One row as sent, before validation; every value is still text.</summary>
public sealed record MetricsRow(int Line, string? Week, string? Department, string? ActiveUsers, string? InputCompletionRate, string? ErrorCount);

public enum MetricsField
{
    Week,
    Department,
    ActiveUsers,
    InputCompletionRate,
    ErrorCount,
}

/// <summary>
/// Reads figures as CSV (header row required; English or Japanese column names, any order) or as a JSON
/// array of objects. Only the shape is checked here; values are checked by <see cref="ToolMetricsService"/>.
/// </summary>
public static class MetricsInput
{
    public const int MaxRows = 500;

    public const string CsvHeader = "week,department,active_users,input_completion_rate,error_count";

    /// <summary>Column and JSON property names, compared after <see cref="NormalizeName"/>.</summary>
    private static readonly Dictionary<string, MetricsField> Names = new(StringComparer.Ordinal)
    {
        ["week"] = MetricsField.Week,
        ["weekstart"] = MetricsField.Week,
        ["週"] = MetricsField.Week,
        ["department"] = MetricsField.Department,
        ["dept"] = MetricsField.Department,
        ["部署"] = MetricsField.Department,
        ["activeusers"] = MetricsField.ActiveUsers,
        ["アクティブユーザー数"] = MetricsField.ActiveUsers,
        ["inputcompletionrate"] = MetricsField.InputCompletionRate,
        ["入力完了率"] = MetricsField.InputCompletionRate,
        ["errorcount"] = MetricsField.ErrorCount,
        ["errors"] = MetricsField.ErrorCount,
        ["エラー数"] = MetricsField.ErrorCount,
    };

    /// <summary>A first line naming at least two of the columns: what a metrics CSV starts with.</summary>
    public static bool IsHeader(string[] fields) => fields.Count(f => Names.ContainsKey(NormalizeName(f))) >= 2;

    private static string NormalizeName(string name) => Cards.PastedCsv.Key(name);

    public static (List<MetricsRow> Rows, List<MetricsProblem> Problems) ParseCsv(string csv)
    {
        var rows = new List<MetricsRow>();
        var problems = new List<MetricsProblem>();
        using var reader = Cards.PastedCsv.Open(csv);
        MetricsField[]? columns = null;
        while (reader.Read())
        {
            var line = reader.Parser.RawRow;
            var fields = reader.Parser.Record ?? [];
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (columns is null)
            {
                columns = ReadHeader(line, fields, problems);
                if (columns is null)
                {
                    return (rows, problems);
                }
                continue;
            }
            if (fields.Length != columns.Length)
            {
                problems.Add(new(line, nameof(Strings.Metrics_WrongColumns), fields.Length, columns.Length));
                continue;
            }
            string? Value(MetricsField field) => Array.IndexOf(columns, field) is var i and >= 0 ? fields[i] : null;
            rows.Add(new MetricsRow(line, Value(MetricsField.Week), Value(MetricsField.Department), Value(MetricsField.ActiveUsers),
                Value(MetricsField.InputCompletionRate), Value(MetricsField.ErrorCount)));
        }
        return (rows, problems);
    }

    /// <summary>The columns of the header line, or null (with the problems) when it is not a usable header.</summary>
    private static MetricsField[]? ReadHeader(int line, string[] fields, List<MetricsProblem> problems)
    {
        var columns = new MetricsField[fields.Length];
        var before = problems.Count;
        var unknown = 0;
        for (var i = 0; i < fields.Length; i++)
        {
            if (!Names.TryGetValue(NormalizeName(fields[i]), out columns[i]))
            {
                unknown++;
                problems.Add(new(line, nameof(Strings.Metrics_UnknownColumn), fields[i].Trim(), CsvHeader));
            }
            else if (Array.IndexOf(columns, columns[i], 0, i) >= 0)
            {
                problems.Add(new(line, nameof(Strings.Metrics_DuplicateColumn), fields[i].Trim()));
            }
        }
        if (unknown == fields.Length)
        {
            // Nothing on the first line is a column name: the header was left out, not misspelt.
            problems.RemoveRange(before, problems.Count - before);
            problems.Add(new(line, nameof(Strings.Metrics_HeaderMissing), CsvHeader));
            return null;
        }
        if (!columns.Contains(MetricsField.Week) && unknown == 0)
        {
            problems.Add(new(line, nameof(Strings.Metrics_WeekColumnMissing)));
        }
        if (!columns.Any(c => c is MetricsField.ActiveUsers or MetricsField.InputCompletionRate or MetricsField.ErrorCount) && unknown == 0)
        {
            problems.Add(new(line, nameof(Strings.Metrics_FigureColumnMissing)));
        }
        return problems.Count > before ? null : columns;
    }

    /// <summary>A JSON array of {week, department, activeUsers, inputCompletionRate, errorCount}; numbers may also be strings.</summary>
    public static (List<MetricsRow> Rows, List<MetricsProblem> Problems) ParseJson(string json)
    {
        var rows = new List<MetricsRow>();
        var problems = new List<MetricsProblem>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            problems.Add(new(0, nameof(Strings.Metrics_JsonInvalid), (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1));
            return (rows, problems);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new(0, nameof(Strings.Metrics_JsonNotArray)));
                return (rows, problems);
            }
            if (document.RootElement.GetArrayLength() > MaxRows)
            {
                problems.Add(new(0, nameof(Strings.Metrics_TooManyRows), MaxRows));
                return (rows, problems);
            }
            var item = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                item++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    problems.Add(new(item, nameof(Strings.Metrics_JsonNotObject)));
                    continue;
                }
                var values = new Dictionary<MetricsField, string?>();
                foreach (var property in element.EnumerateObject())
                {
                    if (!Names.TryGetValue(NormalizeName(property.Name), out var field))
                    {
                        // A misspelt field would otherwise be dropped silently and its figure lost.
                        problems.Add(new(item, nameof(Strings.Metrics_UnknownField), property.Name));
                    }
                    else if (!values.TryAdd(field, Text(property.Value)))
                    {
                        problems.Add(new(item, nameof(Strings.Metrics_DuplicateColumn), property.Name));
                    }
                }
                rows.Add(new MetricsRow(item, values.GetValueOrDefault(MetricsField.Week), values.GetValueOrDefault(MetricsField.Department),
                    values.GetValueOrDefault(MetricsField.ActiveUsers), values.GetValueOrDefault(MetricsField.InputCompletionRate),
                    values.GetValueOrDefault(MetricsField.ErrorCount)));
            }
        }
        return (rows, problems);
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
