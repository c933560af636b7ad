using System.Text;
using System.Text.Json;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Usage;

/// <summary>
/// Reads usage as CSV (header row required; English or Japanese column names, any order; columns it does
/// not know, such as a user list's name or department, are skipped) or as a JSON array of objects. Only the
/// shape is checked here; values are checked by <see cref="UsageImportService"/>.
/// </summary>
public static class UsageInput
{
    public const int MaxRows = 50_000;

    public const string EventsHeader = "email,date,count";
    public const string SnapshotHeader = "email,last_active";

    /// <summary>Column and JSON property names, compared after <see cref="NormalizeName"/>.</summary>
    private static readonly Dictionary<string, UsageField> Names = new(StringComparer.Ordinal)
    {
        ["email"] = UsageField.Email,
        ["mail"] = UsageField.Email,
        ["emailaddress"] = UsageField.Email,
        ["upn"] = UsageField.Email,
        ["userprincipalname"] = UsageField.Email,
        ["username"] = UsageField.Email,
        ["メールアドレス"] = UsageField.Email,
        ["メール"] = UsageField.Email,
        ["ユーザー名"] = UsageField.Email,
        ["ユーザープリンシパル名"] = UsageField.Email,
        ["employeeid"] = UsageField.EmployeeId,
        ["employeenumber"] = UsageField.EmployeeId,
        ["employeeno"] = UsageField.EmployeeId,
        ["社員番号"] = UsageField.EmployeeId,
        ["従業員番号"] = UsageField.EmployeeId,
        ["社員id"] = UsageField.EmployeeId,
        ["date"] = UsageField.Date,
        ["day"] = UsageField.Date,
        ["activedate"] = UsageField.Date,
        ["日付"] = UsageField.Date,
        ["利用日"] = UsageField.Date,
        ["count"] = UsageField.Count,
        ["uses"] = UsageField.Count,
        ["回数"] = UsageField.Count,
        ["利用回数"] = UsageField.Count,
        ["lastactive"] = UsageField.LastActive,
        ["lastactivedate"] = UsageField.LastActive,
        ["lastactivity"] = UsageField.LastActive,
        ["lastlogin"] = UsageField.LastActive,
        ["lastlogindate"] = UsageField.LastActive,
        ["lastsignin"] = UsageField.LastActive,
        ["最終ログイン"] = UsageField.LastActive,
        ["最終ログイン日"] = UsageField.LastActive,
        ["最終ログイン日時"] = UsageField.LastActive,
        ["最終利用日"] = UsageField.LastActive,
        ["最終利用日時"] = UsageField.LastActive,
        ["最終アクセス"] = UsageField.LastActive,
        ["最終アクセス日時"] = UsageField.LastActive,
    };

    private static string NormalizeName(string name) => Cards.PastedCsv.Key(name);

    /// <summary>
    /// True when a header line has usage's columns: someone to match and exactly one of a date or a last-active
    /// column (what a file sent in the chat is told apart by).
    /// </summary>
    public static bool IsHeader(string[] fields)
    {
        var known = fields.Select(f => Names.TryGetValue(NormalizeName(f), out var field) ? field : (UsageField?)null).OfType<UsageField>().ToHashSet();
        return (known.Contains(UsageField.Email) || known.Contains(UsageField.EmployeeId))
            && known.Contains(UsageField.Date) != known.Contains(UsageField.LastActive);
    }

    public static UsageParse ParseCsv(string csv)
    {
        var rows = new List<UsageRow>();
        var problems = new List<UsageProblem>();
        using var reader = Cards.PastedCsv.Open(csv);
        UsageField?[]? columns = null;
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
                    return new(rows, problems, false);
                }
                continue;
            }
            if (rows.Count == MaxRows)
            {
                problems.Add(new(0, nameof(Strings.Usage_TooManyRows), MaxRows));
                return new(rows, problems, false);
            }
            if (fields.Length < columns.Length && Array.FindLastIndex(columns, c => c is not null) >= fields.Length)
            {
                problems.Add(new(line, nameof(Strings.Usage_WrongColumns), fields.Length, columns.Length));
                continue;
            }
            string? Value(UsageField field) => Array.IndexOf(columns, (UsageField?)field) is var i and >= 0 && i < fields.Length ? fields[i] : null;
            rows.Add(new UsageRow(line, Value(UsageField.Email), Value(UsageField.EmployeeId), Value(UsageField.Date),
                Value(UsageField.Count), Value(UsageField.LastActive)));
        }
        if (columns is null)
        {
            problems.Add(new(0, nameof(Strings.Usage_NoRows)));
        }
        return new(rows, problems, columns?.Contains(UsageField.LastActive) == true);
    }

    /// <summary>The columns of the header line (null for a column this import does not use), or null when it is not usable.</summary>
    private static UsageField?[]? ReadHeader(int line, string[] fields, List<UsageProblem> problems)
    {
        var columns = new UsageField?[fields.Length];
        var before = problems.Count;
        for (var i = 0; i < fields.Length; i++)
        {
            if (Names.TryGetValue(NormalizeName(fields[i]), out var field))
            {
                if (Array.IndexOf(columns, (UsageField?)field, 0, i) >= 0)
                {
                    problems.Add(new(line, nameof(Strings.Usage_DuplicateColumn), fields[i].Trim()));
                }
                columns[i] = field;
            }
        }
        if (columns.All(c => c is null))
        {
            problems.Add(new(line, nameof(Strings.Usage_HeaderMissing), EventsHeader, SnapshotHeader));
            return null;
        }
        CheckShape(line, columns.OfType<UsageField>().ToHashSet(), problems);
        return problems.Count > before ? null : columns;
    }

    /// <summary>Someone to match, and exactly one of the two shapes: active days (date) or a user list (last active).</summary>
    private static void CheckShape(int line, IReadOnlySet<UsageField> fields, List<UsageProblem> problems)
    {
        if (!fields.Contains(UsageField.Email) && !fields.Contains(UsageField.EmployeeId))
        {
            problems.Add(new(line, nameof(Strings.Usage_PersonColumnMissing)));
        }
        var events = fields.Contains(UsageField.Date);
        var snapshot = fields.Contains(UsageField.LastActive);
        if (events && snapshot)
        {
            problems.Add(new(line, nameof(Strings.Usage_BothShapes)));
        }
        else if (!events && !snapshot)
        {
            problems.Add(new(line, nameof(Strings.Usage_DateColumnMissing)));
        }
        else if (snapshot && fields.Contains(UsageField.Count))
        {
            problems.Add(new(line, nameof(Strings.Usage_CountWithoutDate)));
        }
    }

    /// <summary>A JSON array of objects with the same names as the CSV columns; the first object decides the shape.</summary>
    public static UsageParse ParseJson(string json)
    {
        var rows = new List<UsageRow>();
        var problems = new List<UsageProblem>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            problems.Add(new(0, nameof(Strings.Usage_JsonInvalid), (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1));
            return new(rows, problems, false);
        }
        HashSet<UsageField>? shape = null;
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new(0, nameof(Strings.Usage_JsonNotArray)));
                return new(rows, problems, false);
            }
            if (document.RootElement.GetArrayLength() > MaxRows)
            {
                problems.Add(new(0, nameof(Strings.Usage_TooManyRows), MaxRows));
                return new(rows, problems, false);
            }
            var item = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                item++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    problems.Add(new(item, nameof(Strings.Usage_JsonNotObject)));
                    continue;
                }
                var values = new Dictionary<UsageField, string?>();
                foreach (var property in element.EnumerateObject())
                {
                    // Unknown properties are skipped, as unknown CSV columns are: a user list carries names, departments and more.
                    if (Names.TryGetValue(NormalizeName(property.Name), out var field) && !values.TryAdd(field, Text(property.Value)))
                    {
                        problems.Add(new(item, nameof(Strings.Usage_DuplicateColumn), property.Name));
                    }
                }
                var fields = values.Keys.ToHashSet();
                if (shape is null)
                {
                    var before = problems.Count;
                    CheckShape(item, fields, problems);
                    if (problems.Count > before)
                    {
                        return new(rows, problems, false);
                    }
                    shape = fields;
                }
                else if (fields.Contains(UsageField.Date) != shape.Contains(UsageField.Date) || fields.Contains(UsageField.LastActive) != shape.Contains(UsageField.LastActive))
                {
                    problems.Add(new(item, nameof(Strings.Usage_JsonMixedShapes)));
                    continue;
                }
                rows.Add(new UsageRow(item, values.GetValueOrDefault(UsageField.Email), values.GetValueOrDefault(UsageField.EmployeeId),
                    values.GetValueOrDefault(UsageField.Date), values.GetValueOrDefault(UsageField.Count), values.GetValueOrDefault(UsageField.LastActive)));
            }
        }
        if (rows.Count == 0 && problems.Count == 0)
        {
            problems.Add(new(0, nameof(Strings.Usage_NoRows)));
        }
        return new(rows, problems, shape?.Contains(UsageField.LastActive) == true);
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
