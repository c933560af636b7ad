using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Reports;
using TeamsDxBot.Resources;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Improvements;

public static class ImprovementCards
{
    public const string FormVerb = ReportCards.ImprovementFormVerb;
    public const string SaveVerb = "improvement.save";
    public const string AnnounceFormVerb = "improvement.announceForm";
    public const string AnnounceVerb = "improvement.announce";

    public static string StatusText(Texts t, ImprovementStatus status) => t[status switch
    {
        ImprovementStatus.InProgress => nameof(Strings.Improvement_StatusInProgress),
        ImprovementStatus.Done => nameof(Strings.Improvement_StatusDone),
        ImprovementStatus.AskedVendor => nameof(Strings.Improvement_StatusAskedVendor),
        _ => nameof(Strings.Improvement_StatusOpen),
    }];

    private static string Scope(Texts t, Improvement i, IReadOnlyDictionary<string, string> departments) =>
        i.DepartmentIds.Count == 0 ? t[nameof(Strings.Improvement_ScopeInitiative)] : string.Join(", ", i.DepartmentIds.Select(d => departments.GetValueOrDefault(d, d)));

    public static JObject List(Texts t, IReadOnlyList<Improvement> items, IReadOnlyDictionary<string, string> initiatives, IReadOnlyDictionary<string, string> departments, bool canEdit)
    {
        var body = new List<JToken?> { Title(t[nameof(Strings.Improvement_ListTitle)]) };
        if (items.Count == 0)
        {
            body.Add(Text(t[nameof(Strings.Improvement_None)], subtle: true));
        }
        foreach (var i in items.Take(20))
        {
            body.Add(Container(
            [
                Heading(EscapeMarkdown(i.Title)),
                Facts(
                [
                    (t[nameof(Strings.Improvement_Status)], StatusText(t, i.Status) + (i.AnnouncedAt is null ? "" : t[nameof(Strings.Improvement_Announced)])),
                    (t[nameof(Strings.Improvement_Owner)], i.Owner.Length == 0 ? "-" : i.Owner),
                    (t[nameof(Strings.Improvement_Tool)], initiatives.GetValueOrDefault(i.InitiativeId, "-")),
                    (t[nameof(Strings.Improvement_Departments)], Scope(t, i, departments)),
                ]),
                i.Source.Length == 0 ? null : UserText(i.Source, subtle: true),
                canEdit ? ActionSet(
                [
                    Submit(t[nameof(Strings.Improvement_Edit)], FormVerb, new { improvementId = i.Id }, validateInputs: false),
                    i.Status == ImprovementStatus.Done && i.AnnouncedAt is null
                        ? Submit(t[nameof(Strings.Improvement_YouSaidWeDid)], AnnounceFormVerb, new { improvementId = i.Id }, style: "positive", validateInputs: false)
                        : null,
                ]) : null,
            ], separator: true));
        }
        return Create(body, canEdit ? [Submit(t[nameof(Strings.Improvement_New)], FormVerb, validateInputs: false)] : null);
    }

    public static JObject Form(Texts t, Improvement? item, IReadOnlyList<Initiative> initiatives, IReadOnlyList<Department> departments, string? initiativeId) => Create(
        [
            Title(t[item is null ? nameof(Strings.Improvement_New) : nameof(Strings.Improvement_EditTitle)]),
            ChoiceSet("initiativeId", t[nameof(Strings.Improvement_Tool)], initiatives.Select(i => (i.Name, i.Id)),
                item?.InitiativeId ?? initiativeId ?? initiatives.FirstOrDefault()?.Id, required: true, errorMessage: t[nameof(Strings.Initiative_NotFound)]),
            TextInput("title", t[nameof(Strings.Improvement_TitleLabel)], item?.Title, maxLength: Improvement.MaxTitle, required: true,
                errorMessage: t.Format(nameof(Strings.Improvement_TitleInvalid), Improvement.MaxTitle)),
            TextInput("owner", t[nameof(Strings.Improvement_Owner)], item?.Owner, maxLength: Improvement.MaxOwner),
            ChoiceSet("status", t[nameof(Strings.Improvement_Status)],
                Enum.GetValues<ImprovementStatus>().Select(s => (StatusText(t, s), s.ToString())), (item?.Status ?? ImprovementStatus.Open).ToString(), expanded: true),
            ChoiceSet("departmentIds", t[nameof(Strings.Improvement_Departments)], departments.Where(d => !d.Archived).Select(d => (d.Name, d.Id)),
                item is null ? null : string.Join(',', item.DepartmentIds), multiSelect: true, placeholder: t[nameof(Strings.Improvement_ScopeInitiative)]),
            TextInput("source", t[nameof(Strings.Improvement_Source)], item?.Source, multiline: true, maxLength: Improvement.MaxSource,
                placeholder: t[nameof(Strings.Improvement_SourceHint)]),
        ],
        [Submit(t[nameof(Strings.Common_Save)], SaveVerb, new { improvementId = item?.Id, etag = item?.ETag.ToString() }, style: "positive")]);

    public static JObject Saved(Texts t, Improvement item) => Create(
        [
            Heading(t.Format(nameof(Strings.Improvement_Saved), item.Title)),
            Text(StatusText(t, item.Status)),
            item.Status == ImprovementStatus.Done && item.AnnouncedAt is null ? Text(t[nameof(Strings.Improvement_DoneHint)], subtle: true) : null,
        ],
        item.Status == ImprovementStatus.Done && item.AnnouncedAt is null
            ? [Submit(t[nameof(Strings.Improvement_YouSaidWeDid)], AnnounceFormVerb, new { improvementId = item.Id }, style: "positive", validateInputs: false)]
            : null);

    public static JObject AnnounceForm(Texts t, Improvement item, string toolName) => Create(
        [
            Title(t[nameof(Strings.Improvement_YouSaidWeDid)]),
            Text(EscapeMarkdown(item.Title), weight: "Bolder"),
            TextInput("message", t[nameof(Strings.Improvement_Message)], t.Format(nameof(Strings.Improvement_MessageTemplate), toolName, item.Title),
                multiline: true, maxLength: Improvement.MaxMessage, required: true, errorMessage: t[nameof(Strings.Improvement_MessageRequired)]),
        ],
        [Submit(t[nameof(Strings.Improvement_Send)], AnnounceVerb, new { improvementId = item.Id }, style: "positive")]);

    /// <summary>What staff receive: what they said led to a change.</summary>
    public static JObject YouSaidWeDid(Texts t, Improvement item, string toolName, string message, string from) => Create(
    [
        Title(t[nameof(Strings.Improvement_YouSaidWeDidTitle)]),
        Text(toolName.Length == 0 ? EscapeMarkdown(item.Title) : $"{EscapeMarkdown(toolName)} · {EscapeMarkdown(item.Title)}", weight: "Bolder"),
        UserText(message),
        Text(t.Format(nameof(Strings.Improvement_From), from), subtle: true),
    ]);

    public static JObject Problems(Texts t, IReadOnlyList<(string Key, object[] Args)> problems) => Create(
    [
        Heading(t[nameof(Strings.Improvement_NotSaved)]),
        .. problems.Select(p => (JToken?)Text("• " + t.Format(p.Key, p.Args), color: "Attention")),
    ]);
}
