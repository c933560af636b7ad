using Newtonsoft.Json.Linq;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Onboarding;

/// <summary>The promoter's 「はじめに」 checklist: one line per setting, its live state and the button that opens its card.</summary>
public static class StartCards
{
    /// <param name="zone">The reader's own clock, for the next pulse.</param>
    public static JObject Checklist(Texts t, StartStatus s, TimeZoneInfo zone)
    {
        var names = string.Join(", ", s.Departments.Select(d => EscapeMarkdown(d.Name)));
        var keyUsers = string.Join(", ", s.KeyUsers.Select(k => t.Format(nameof(Strings.Start_KeyUserCount), EscapeMarkdown(k.Department.Name), k.KeyUsers)));
        var tools = string.Join(", ", s.Initiatives.Select(i => EscapeMarkdown(i.NameFor(t.IsEnglish))));
        var teams = string.Join(", ", s.Teams.Select(team => t.Format(nameof(Strings.Start_TeamDone), EscapeMarkdown(team.Name), team.MembersEnrolled)));
        return Create(
        [
            Title(t[nameof(Strings.Start_Title)]),
            Text(t[s.AllDone ? nameof(Strings.Start_AllDone) : nameof(Strings.Start_Intro)]),
            Line(t, s.Departments.Count > 0, nameof(Strings.Start_Departments),
                s.Departments.Count > 0 ? t.Format(nameof(Strings.Start_DepartmentsDone), s.Departments.Count, names) : t[nameof(Strings.Start_None)],
                "departments", nameof(Strings.Command_Departments)),
            Line(t, s.Departments.Count > 0 && s.DepartmentsWithKeyUsers == s.Departments.Count, nameof(Strings.Start_KeyUsers),
                s.Departments.Count > 0
                    ? t.Format(nameof(Strings.Start_KeyUsersSummary), s.DepartmentsWithKeyUsers, s.Departments.Count) + "\n\n" + keyUsers
                    : t[nameof(Strings.Start_KeyUsersNoDepartments)],
                "roles", nameof(Strings.Command_Roles)),
            Line(t, s.WithoutDepartment == 0, nameof(Strings.Start_WithoutDepartment),
                s.WithoutDepartment == 0 ? t[nameof(Strings.Start_WithoutDepartmentNone)] : t.Format(nameof(Strings.Start_WithoutDepartmentCount), s.WithoutDepartment),
                "import", nameof(Strings.Command_Import)),
            Line(t, s.Initiatives.Count > 0, nameof(Strings.Start_Initiative),
                s.Initiatives.Count > 0 ? tools : t[nameof(Strings.Start_None)],
                "initiatives", nameof(Strings.Command_Initiatives)),
            Line(t, s.NextPulse is not null, nameof(Strings.Start_NextPulse),
                s.NextPulse is { } next ? Formats.When(t, next, zone) : t[nameof(Strings.Start_NextPulseNone)],
                "pulse", nameof(Strings.Command_Pulse)),
            // Installing the app in a team happens in Teams itself: there is no card to open, only what to do.
            Line(t, s.Teams.Count > 0, nameof(Strings.Start_Team),
                s.Teams.Count > 0 ? teams : t[nameof(Strings.Start_TeamNone)], null, null),
            Text(t[nameof(Strings.Start_Footer)], subtle: true),
        ]);
    }

    private static JObject Line(Texts t, bool done, string labelKey, string detail, string? command, string? commandKey)
    {
        var columns = new JArray
        {
            // A word and a colour, not an emoji: it reads the same on every client and font.
            Column("auto", Text(t[done ? nameof(Strings.Start_Done) : nameof(Strings.Start_ToDo)], weight: "Bolder", color: done ? "Good" : "Attention")),
            Column("stretch", Text(t[labelKey], weight: "Bolder"), Text(detail, subtle: true)),
        };
        if (command is not null && commandKey is not null)
        {
            columns.Add(Column("auto", ActionSet([Submit(t[commandKey], CardData.CommandVerb, new { command })])));
        }
        return new JObject { ["type"] = "ColumnSet", ["separator"] = true, ["columns"] = columns };
    }

    private static JObject Column(string width, params JToken[] items) => new()
    {
        ["type"] = "Column",
        ["width"] = width,
        ["verticalContentAlignment"] = "Center",
        ["items"] = new JArray(items),
    };
}
