using System.Globalization;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Metrics;

/// <summary>What the metrics card shows for one initiative: its recent weeks and its active keys (ids only).</summary>
public sealed record InitiativeFigures(Initiative Initiative, IReadOnlyList<ToolMetric> Recent, IReadOnlyList<ApiKey> ActiveKeys);

public static class MetricsCards
{
    public const string SaveVerb = "metrics.save";
    public const string RotateKeyVerb = "apikey.rotate";
    public const string RevokeKeyVerb = "apikey.revoke";
    public const string HideKeyVerb = "apikey.hide";

    /// <summary>Key buttons carry their initiative under this name, not "initiativeId", which is the form's picker.</summary>
    public const string KeyInitiativeField = "keyInitiativeId";
    public const string ConfirmedField = "confirmed";

    public const int RecentWeeks = 4;
    private const int MaxDepartmentsPerWeek = 12;
    private const int MaxProblems = 50;

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JObject Buttons(params JToken?[] actions) => new()
    {
        ["type"] = "ActionSet",
        ["actions"] = new JArray(actions.Where(a => a is not null)),
    };

    /// <summary>The form; after a failed upload it comes back with what was picked and pasted, to fix and resend.</summary>
    private static IEnumerable<JToken?> Form(Texts t, IReadOnlyList<Initiative> initiatives, string? initiativeId, string? csv)
    {
        var example = t[nameof(Strings.Metrics_Example)];
        var selected = initiativeId ?? (initiatives.Count == 1 ? initiatives[0].Id : null);
        return
        [
            Text(t[nameof(Strings.Metrics_Instructions)]),
            .. example.Split('\n').Select(line => Text(EscapeMarkdown(line), subtle: true, monospace: true)),
            ChoiceSet("initiativeId", t[nameof(Strings.Metrics_Initiative)], initiatives.Select(i => (i.NameFor(t.IsEnglish), i.Id)), selected,
                required: true, errorMessage: t[nameof(Strings.Metrics_PickInitiative)], placeholder: t[nameof(Strings.Metrics_PickInitiative)]),
            TextInput("csv", t[nameof(Strings.Metrics_Paste)], csv, multiline: true, maxLength: ToolMetricsService.MaxCsvLength,
                required: true, errorMessage: t.Format(nameof(Strings.Metrics_Empty), MetricsInput.CsvHeader), placeholder: example),
            Buttons(Submit(t[nameof(Strings.Common_Save)], SaveVerb, style: "positive")),
        ];
    }

    public static JObject Overview(Texts t, IReadOnlyList<InitiativeFigures> initiatives, Func<string?, string> departmentName)
    {
        if (initiatives.Count == 0)
        {
            return Create([Title(t[nameof(Strings.Metrics_Title)]), Text(t[nameof(Strings.Metrics_NoInitiatives)], subtle: true)]);
        }
        return Create(
        [
            Title(t[nameof(Strings.Metrics_Title)]),
            .. Form(t, initiatives.Select(i => i.Initiative).ToList(), null, null),
            Container([Heading(t.Format(nameof(Strings.Metrics_RecentTitle), RecentWeeks))], separator: true),
            .. initiatives.Select(i => Container(
            [
                Text(i.Initiative.NameFor(t.IsEnglish), weight: "Bolder"),
                .. i.Recent.Count == 0 ? [Text(t[nameof(Strings.Metrics_RecentNone)], subtle: true)] : Weeks(t, i.Recent, departmentName),
            ])),
            Container([Heading(t[nameof(Strings.ApiKey_Title)]), Text(t[nameof(Strings.ApiKey_Instructions)], subtle: true)], separator: true),
            .. initiatives.Select(i => Container(
            [
                Text(i.Initiative.NameFor(t.IsEnglish), weight: "Bolder"),
                .. i.ActiveKeys.Count == 0
                    ? [Text(t[nameof(Strings.ApiKey_None)], subtle: true)]
                    : i.ActiveKeys.Select(k => Text(t.Format(nameof(Strings.ApiKey_Active), EscapeMarkdown(k.Hint), Day(k.CreatedAt)))),
                Buttons(
                    Submit(t[i.ActiveKeys.Count == 0 ? nameof(Strings.ApiKey_Create) : nameof(Strings.ApiKey_Rotate)], RotateKeyVerb,
                        new Dictionary<string, string> { [KeyInitiativeField] = i.Initiative.Id }, validateInputs: false),
                    i.ActiveKeys.Count == 0 ? null : Submit(t[nameof(Strings.ApiKey_Revoke)], RevokeKeyVerb,
                        new Dictionary<string, string> { [KeyInitiativeField] = i.Initiative.Id }, style: "destructive", validateInputs: false)),
            ])),
        ]);
    }

    /// <summary>Newest week first; within a week the whole company, then departments.</summary>
    private static IEnumerable<JToken?> Weeks(Texts t, IReadOnlyList<ToolMetric> metrics, Func<string?, string> departmentName) =>
        metrics.GroupBy(m => m.WeekStart).OrderByDescending(g => g.Key).Take(RecentWeeks).SelectMany(week => new JToken?[]
        {
            Text(t.Format(nameof(Strings.Metrics_WeekOf), Date(week.Key)), subtle: true),
            Facts(week.Take(MaxDepartmentsPerWeek).Select(m => (departmentName(m.DepartmentId), Figures(t, m)))),
            week.Count() > MaxDepartmentsPerWeek ? Text(t.Format(nameof(Strings.Metrics_MoreDepartments), week.Count() - MaxDepartmentsPerWeek), subtle: true) : null,
        });

    public static string Figures(Texts t, ToolMetric m) => string.Join(" · ", new[]
    {
        m.ActiveUsers is { } a ? t.Format(nameof(Strings.Metrics_ActiveUsersValue), a) : null,
        m.InputCompletionRate is { } r ? t.Format(nameof(Strings.Metrics_RateValue), r.ToString("0.##", CultureInfo.InvariantCulture)) : null,
        m.ErrorCount is { } e ? t.Format(nameof(Strings.Metrics_ErrorCountValue), e) : null,
    }.Where(s => s is not null));

    public static JObject Problems(Texts t, IReadOnlyList<Initiative> initiatives, string? initiativeId, string? csv, IReadOnlyList<MetricsProblem> problems) => Create(
    [
        Heading(t.Format(nameof(Strings.Metrics_ProblemsTitle), problems.Count)),
        Text(t[nameof(Strings.Metrics_NothingStored)], color: "Attention"),
        // Column names have underscores and echoed values anything; markdown must not act on them.
        .. problems.Take(MaxProblems).Select(p => Text(EscapeMarkdown(Describe(t, p)))),
        problems.Count > MaxProblems ? Text(t.Format(nameof(Strings.Metrics_MoreProblems), problems.Count - MaxProblems), subtle: true) : null,
        .. Form(t, initiatives, initiativeId, csv),
    ]);

    public static string Describe(Texts t, MetricsProblem p) =>
        p.Line > 0 ? t.Format(nameof(Strings.Metrics_LinePrefix), p.Line, t.Format(p.Key, p.Args)) : t.Format(p.Key, p.Args);

    public static JObject Stored(Texts t, Initiative initiative, ToolMetricsWrite write, IReadOnlyList<ToolMetric> stored, Func<string?, string> departmentName) => Create(
    [
        Heading(t.Format(nameof(Strings.Metrics_StoredTitle), initiative.NameFor(t.IsEnglish), write.Stored)),
        Text(t.Format(nameof(Strings.Metrics_StoredCounts), write.Added, write.Replaced)),
        .. Weeks(t, stored, departmentName),
        stored.Select(m => m.WeekStart).Distinct().Count() > RecentWeeks ? Text(t[nameof(Strings.Metrics_StoredMoreWeeks)], subtle: true) : null,
    ]);

    public static JObject ConfirmKeyChange(Texts t, Initiative initiative, IReadOnlyList<ApiKey> active, bool rotate) => Create(
    [
        Heading(t.Format(rotate ? nameof(Strings.ApiKey_ConfirmRotateTitle) : nameof(Strings.ApiKey_ConfirmRevokeTitle), initiative.NameFor(t.IsEnglish))),
        .. active.Select(k => Text(t.Format(nameof(Strings.ApiKey_Active), EscapeMarkdown(k.Hint), Day(k.CreatedAt)))),
        Text(t[nameof(Strings.ApiKey_ConfirmWarning)], color: "Attention"),
        Buttons(Submit(t[rotate ? nameof(Strings.ApiKey_Rotate) : nameof(Strings.ApiKey_Revoke)], rotate ? RotateKeyVerb : RevokeKeyVerb,
            new Dictionary<string, object> { [KeyInitiativeField] = initiative.Id, [ConfirmedField] = true }, style: "destructive", validateInputs: false)),
    ]);

    public static JObject KeyCreated(Texts t, Initiative initiative, IssuedApiKey issued, int revoked) => Create(
    [
        Heading(t.Format(nameof(Strings.ApiKey_CreatedTitle), initiative.NameFor(t.IsEnglish))),
        Text(t[nameof(Strings.ApiKey_ShownOnce)], color: "Attention", weight: "Bolder"),
        // An input, not a TextBlock: markdown would eat the key's underscores and copying must give the exact key.
        TextInput("apiKey", t[nameof(Strings.ApiKey_Key)], issued.Token),
        Text(t[nameof(Strings.ApiKey_Usage)], subtle: true),
        revoked > 0 ? Text(t.Format(nameof(Strings.ApiKey_EarlierRevoked), revoked)) : null,
        // The button sends no inputs, so the key never travels back to the bot.
        Buttons(Submit(t[nameof(Strings.ApiKey_Hide)], HideKeyVerb, new { keyId = issued.Key.Id }, validateInputs: false)),
    ]);

    public static JObject KeyHidden(Texts t, string keyHint) => Create(
    [
        Text(t.Format(nameof(Strings.ApiKey_Hidden), EscapeMarkdown(keyHint))),
    ]);

    public static JObject KeysRevoked(Texts t, Initiative initiative, int revoked) => Create(
    [
        Heading(t.Format(nameof(Strings.ApiKey_RevokedTitle), initiative.NameFor(t.IsEnglish), revoked)),
        Text(t[nameof(Strings.ApiKey_RevokedText)]),
    ]);
}
