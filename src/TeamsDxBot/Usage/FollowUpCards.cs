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

    /// <summary>
    /// Bytes of people rows one card may carry, shared out between its departments: Teams refuses a message
    /// over about 28 KB, and a key user may lead several large departments.
    /// </summary>
    public const int RowBytes = 20_000;

    /// <param name="maxRows">People shown per department at most; the rest are counted.</param>
    public static JObject List(Texts t, FollowUpView view, int maxRows)
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
        var share = RowBytes / Math.Max(1, view.Departments.Count);
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
                // The folded not-needed rows get a fifth of the department's share, when there are any.
                var rows = Fit(department.ToFollow.Take(maxRows).Select(r => Row(t, view, r)), department.NotNeeded.Count > 0 ? share * 4 / 5 : share);
                items.AddRange(rows);
                if (department.ToFollow.Count > rows.Count)
                {
                    items.Add(Text(t.Format(nameof(Strings.FollowUp_More), department.ToFollow.Count - rows.Count), subtle: true));
                }
                if (department.ToFollow.Count == 0)
                {
                    items.Add(Text(t[nameof(Strings.FollowUp_Nobody)], subtle: true));
                }
                if (department.NotNeeded.Count > 0)
                {
                    // Folded: people on leave stay out of the way, but one tap shows them with a way back.
                    var id = "notNeeded-" + department.DepartmentId;
                    items.Add(ActionSet([new JObject
                    {
                        ["type"] = "Action.ToggleVisibility",
                        ["title"] = t.Format(nameof(Strings.FollowUp_NotNeededToggle), department.NotNeeded.Count),
                        ["targetElements"] = new JArray(id),
                    }]));
                    var folded = Fit(department.NotNeeded.Take(maxRows).Select(r => Row(t, view, r)), share / 5);
                    var hidden = Container(
                    [
                        .. folded,
                        department.NotNeeded.Count > folded.Count ? Text(t.Format(nameof(Strings.FollowUp_More), department.NotNeeded.Count - folded.Count), subtle: true) : null,
                    ]);
                    hidden["id"] = id;
                    hidden["isVisible"] = false;
                    items.Add(hidden);
                }
            }
            body.Add(Container(items, separator: true));
        }
        return Create(body);
    }

    /// <summary>The rows, in order, while they fit in <paramref name="bytes"/>.</summary>
    private static List<JObject> Fit(IEnumerable<JObject> rows, int bytes)
    {
        var fitted = new List<JObject>();
        foreach (var row in rows)
        {
            bytes -= System.Text.Encoding.UTF8.GetByteCount(row.ToString(Newtonsoft.Json.Formatting.None));
            if (bytes < 0)
            {
                break;
            }
            fitted.Add(row);
        }
        return fitted;
    }

    private static JObject Row(Texts t, FollowUpView view, FollowUpRow row)
    {
        object Data(string mark) => new { initiativeId = view.Initiative.Id, personId = row.PersonId, mark };
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
                ? [Submit(t[nameof(Strings.FollowUp_Undo)], MarkVerb, Data(Clear))]
                : [
                    Submit(t[row.Mark == FollowUpMarkKind.Contacted ? nameof(Strings.FollowUp_ContactedAgain) : nameof(Strings.FollowUp_Contacted)], MarkVerb, Data(Contacted)),
                    Submit(t[nameof(Strings.FollowUp_NotNeeded)], MarkVerb, Data(NotNeeded)),
                    row.Mark is null ? null : Submit(t[nameof(Strings.FollowUp_Undo)], MarkVerb, Data(Clear)),
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
