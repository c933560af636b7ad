using System.Globalization;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Initiatives;

public static class InitiativeCards
{
    public const string FormVerb = "initiative.form";
    public const string SaveVerb = "initiative.save";

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Scope(Texts t, Initiative i, IReadOnlyList<Department> departments) =>
        i.DepartmentIds.Count == 0
            ? t[nameof(Strings.Initiative_AllDepartments)]
            : string.Join(", ", i.DepartmentIds.Select(id => departments.FirstOrDefault(d => d.Id == id)?.Name ?? id));

    /// <param name="status">Lines other features add per initiative id (promoters only); none when absent.</param>
    public static JObject List(Texts t, IReadOnlyList<Initiative> initiatives, IReadOnlyList<Department> departments, bool isPromoter,
        IReadOnlyDictionary<string, IReadOnlyList<InitiativeFact>>? status = null)
    {
        var body = new List<JToken?> { Title(t[nameof(Strings.Initiatives_Title)]) };
        if (initiatives.Count == 0)
        {
            body.Add(Text(t[isPromoter ? nameof(Strings.Initiatives_NonePromoter) : nameof(Strings.Initiatives_None)], subtle: true));
        }
        body.AddRange(initiatives.Select(i => Container(
        [
            Heading(i.NameFor(t.IsEnglish)),
            Facts(Summary(t, i, departments, isPromoter)
                .Concat((status?.GetValueOrDefault(i.Id) ?? []).Select(f => (f.Label, f.Value)))),
        ], separator: true)));
        var actions = new List<JToken?>();
        if (isPromoter)
        {
            actions.Add(Submit(t[nameof(Strings.Initiatives_New)], FormVerb, style: "positive"));
            actions.AddRange(initiatives.Take(4).Select(i => Submit(t.Format(nameof(Strings.Initiatives_Edit), i.NameFor(t.IsEnglish)), FormVerb, new { initiativeId = i.Id })));
        }
        return Create(body, actions);
    }

    private static IEnumerable<(string, string)> Summary(Texts t, Initiative i, IReadOnlyList<Department> departments, bool isPromoter = true) =>
    [
        (t[nameof(Strings.Initiative_NameEn)], i.NameEn.Length > 0 ? i.NameEn : t[nameof(Strings.Initiative_NotSet)]),
        (t[nameof(Strings.Initiative_GoLive)], Date(i.GoLive)),
        (t[nameof(Strings.Initiative_Target)], t.Format(nameof(Strings.Initiative_TargetValue), i.TargetPercent, Date(i.TargetDate))),
        (t[nameof(Strings.Initiative_Departments)], Scope(t, i, departments)),
        // Staff have no use for an application id; promoters check here which app is read.
        .. isPromoter ? [(t[nameof(Strings.Initiative_AppIdFact)], i.SignInAppId.Length > 0 ? i.SignInAppId : t[nameof(Strings.Initiative_AppIdOff)])] : Array.Empty<(string, string)>(),
    ];

    public static JObject Form(Texts t, Initiative? existing, IReadOnlyList<Department> departments, DateOnly today) => Create(
        [
            Title(t[existing is null ? nameof(Strings.Initiatives_New) : nameof(Strings.Initiatives_EditTitle)]),
            TextInput("name", t[nameof(Strings.Initiative_Name)], existing?.Name, maxLength: Initiative.MaxNameLength,
                required: true, errorMessage: t[nameof(Strings.Initiative_NameRequired)], placeholder: t[nameof(Strings.Initiative_NamePlaceholder)]),
            TextInput("nameEn", t[nameof(Strings.Initiative_NameEn)], existing?.NameEn, maxLength: Initiative.MaxNameLength, placeholder: t[nameof(Strings.Initiative_NameEnPlaceholder)]),
            DateInput("goLive", t[nameof(Strings.Initiative_GoLive)], existing?.GoLive ?? today, required: true, errorMessage: t[nameof(Strings.Initiative_GoLiveInvalid)]),
            NumberInput("targetPercent", t[nameof(Strings.Initiative_TargetPercent)], existing?.TargetPercent ?? Initiative.DefaultTargetPercent, 1, 100,
                required: true, errorMessage: t[nameof(Strings.Initiative_TargetInvalid)]),
            DateInput("targetDate", t[nameof(Strings.Initiative_TargetDate)], existing?.TargetDate),
            Text(t[nameof(Strings.Initiative_TargetDateHint)], subtle: true),
            TextInput("appId", t[nameof(Strings.Initiative_AppId)], existing?.SignInAppId, maxLength: 40,
                placeholder: t[nameof(Strings.Initiative_AppIdPlaceholder)]),
            Text(t[nameof(Strings.Initiative_AppIdHint)], subtle: true),
            ChoiceSet("departmentIds", t[nameof(Strings.Initiative_Departments)],
                departments.Where(d => !d.Archived).Select(d => (d.Name, d.Id)),
                existing is null ? null : string.Join(',', existing.DepartmentIds), multiSelect: true, placeholder: t[nameof(Strings.Initiative_AllDepartments)]),
        ],
        [Submit(t[nameof(Strings.Common_Save)], SaveVerb, existing is null ? null : new { initiativeId = existing.Id }, style: "positive")]);

    public static JObject Saved(Texts t, Initiative initiative, bool created, IReadOnlyList<Department> departments) => Create(
    [
        Heading(t.Format(created ? nameof(Strings.Initiative_Created) : nameof(Strings.Initiative_Updated), initiative.NameFor(t.IsEnglish))),
        Facts(Summary(t, initiative, departments)),
    ]);

    public static JObject Problems(Texts t, IReadOnlyList<InitiativeProblem> problems) => Create(
    [
        Heading(t[nameof(Strings.Initiative_NotSaved)]),
        .. problems.Select(p => Text("• " + t.Format(p.Key, p.Args), color: "Attention")),
    ]);
}
