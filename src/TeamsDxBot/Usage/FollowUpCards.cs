using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Usage;

public static class FollowUpCards
{
    public const string MarkVerb = "followup.mark";
    public const string ShowVerb = "followup.show";

    /// <summary>The values of a mark button's <c>mark</c> field.</summary>
    public const string Contacted = "contacted";
    public const string NotNeeded = "notNeeded";
    public const string Clear = "clear";

    /// <param name="scope">The departments the list was asked for, so a pressed button redraws the same list.</param>
    public static JObject List(Texts t, FollowUpView view, IReadOnlyList<string> scope, int maxRows)
    {
        var body = new List<JToken?>
        {
            Title(t.Format(nameof(Strings.FollowUp_Title), view.Initiative.NameFor(t.IsEnglish))),
            Text(t.Format(nameof(Strings.FollowUp_AsOf), Formats.Day(t, view.AsOf)), subtle: true),
            Text(view.Names switch
            {
                FollowUpNames.PromotersOnly => t[nameof(Strings.FollowUp_NamesPromotersOnly)],
                FollowUpNames.Nobody => t[nameof(Strings.FollowUp_NamesNobody)],
                FollowUpNames.Executive => t[nameof(Strings.FollowUp_NamesExecutive)],
                _ => t[nameof(Strings.FollowUp_Intro)],
            }, color: view.Names == FollowUpNames.Shown ? null : "Warning"),
        };
        if (view.Departments.Count == 0)
        {
            body.Add(Text(t[nameof(Strings.FollowUp_NoDepartments)], subtle: true));
        }
        var departmentScope = string.Join(',', scope);
        foreach (var department in view.Departments)
        {
            var items = new List<JToken?>
            {
                Heading(department.Name),
                Text(t.Format(nameof(Strings.FollowUp_Counts), department.NeverStarted, department.Lapsed)),
                department.Contacted == 0 ? null : Text(t.Format(nameof(Strings.FollowUp_CameBack), department.Contacted, department.CameBack), color: department.CameBack > 0 ? "Good" : null),
            };
            if (view.CanMark)
            {
                items.AddRange(department.ToFollow.Take(maxRows).Select(r => Row(t, view, r, departmentScope)));
                if (department.ToFollow.Count > maxRows)
                {
                    items.Add(Text(t.Format(nameof(Strings.FollowUp_More), department.ToFollow.Count - maxRows, maxRows), subtle: true));
                }
                if (department.ToFollow.Count == 0)
                {
                    items.Add(Text(t[nameof(Strings.FollowUp_Nobody)], subtle: true));
                }
                if (department.NotNeeded.Count > 0)
                {
                    // Collapsed: people on leave stay out of the way, but one tap shows them with a way back.
                    var id = "notNeeded-" + department.DepartmentId;
                    items.Add(ActionSet([new JObject
                    {
                        ["type"] = "Action.ToggleVisibility",
                        ["title"] = t.Format(nameof(Strings.FollowUp_NotNeededToggle), department.NotNeeded.Count),
                        ["targetElements"] = new JArray(id),
                    }]));
                    var hidden = Container(department.NotNeeded.Take(maxRows).Select(r => Row(t, view, r, departmentScope)));
                    hidden["id"] = id;
                    hidden["isVisible"] = false;
                    items.Add(hidden);
                }
            }
            body.Add(Container(items, separator: true));
        }
        return Create(body);
    }

    private static JObject Row(Texts t, FollowUpView view, FollowUpRow row, string scope)
    {
        object Data(string mark) => new { initiativeId = view.Initiative.Id, personId = row.PersonId, mark, departments = scope };
        var standing = row.Standing == UsageStanding.Lapsed && row.LastActive is { } last
            ? t.Format(nameof(Strings.FollowUp_Lapsed), Formats.Day(t, last))
            : t[nameof(Strings.FollowUp_NeverStarted)];
        var state = row.Mark switch
        {
            FollowUpMarkKind.Contacted => t.Format(nameof(Strings.FollowUp_ContactedOn), Formats.Day(t, row.MarkedOn!.Value), row.MarkedBy),
            FollowUpMarkKind.NotNeeded => t.Format(nameof(Strings.FollowUp_NotNeededOn), Formats.Day(t, row.MarkedOn!.Value), row.MarkedBy),
            _ => null,
        };
        return Container(
        [
            Text($"**{EscapeMarkdown(row.Name)}**"),
            Text(standing, subtle: true),
            state is null ? null : Text(state, color: row.Mark == FollowUpMarkKind.Contacted ? "Accent" : null),
            ActionSet(row.Mark == FollowUpMarkKind.NotNeeded
                ? [Submit(t[nameof(Strings.FollowUp_Undo)], MarkVerb, Data(Clear), validateInputs: false)]
                : [
                    Submit(t[row.Mark == FollowUpMarkKind.Contacted ? nameof(Strings.FollowUp_ContactedAgain) : nameof(Strings.FollowUp_Contacted)], MarkVerb, Data(Contacted), validateInputs: false),
                    Submit(t[nameof(Strings.FollowUp_NotNeeded)], MarkVerb, Data(NotNeeded), validateInputs: false),
                    row.Mark is null ? null : Submit(t[nameof(Strings.FollowUp_Undo)], MarkVerb, Data(Clear), validateInputs: false),
                ]),
        ]);
    }

    /// <summary>A promoter who leads no department of their own picks the department to see.</summary>
    public static JObject Picker(Texts t, IReadOnlyList<Department> departments) => Create(
        [
            Title(t[nameof(Strings.FollowUp_PickerTitle)]),
            departments.Count == 0 ? Text(t[nameof(Strings.FollowUp_NoDepartments)], subtle: true)
                : ChoiceSet("departmentId", t[nameof(Strings.FollowUp_Department)], departments.Select(d => (d.Name, d.Id)), required: true,
                    errorMessage: t[nameof(Strings.FollowUp_PickDepartment)], placeholder: t[nameof(Strings.FollowUp_PickDepartment)]),
        ],
        departments.Count == 0 ? null : [Submit(t[nameof(Strings.FollowUp_Show)], ShowVerb, style: "positive")]);
}
