using Newtonsoft.Json.Linq;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Initiatives;

/// <summary>How pulse and broadcast cards say who an audience leaves out, by name, and what fixes it.</summary>
public static class ReachCards
{
    public const int MaxNamesShown = 10;

    /// <summary>"3 without a department, 1 the bot cannot reach", or "" when nobody is left out.</summary>
    public static string LeftOutList(Texts t, AudienceReach reach) => string.Join(t[nameof(Strings.Initiative_ReachJoin)], new[]
    {
        reach.NoDepartment.Count > 0 ? t.Format(nameof(Strings.Initiative_ReachNoDepartment), reach.NoDepartment.Count) : null,
        reach.Unreachable.Count > 0 ? t.Format(nameof(Strings.Initiative_ReachUnreachable), reach.Unreachable.Count) : null,
        reach.Paused > 0 ? t.Format(nameof(Strings.Initiative_ReachPaused), reach.Paused) : null,
    }.OfType<string>());

    /// <summary>"（部署未設定の3人は対象外）" after a count, or "" when nobody is left out.</summary>
    public static string LeftOutClause(Texts t, AudienceReach? reach) =>
        reach is { LeavesOut: true } ? t.Format(nameof(Strings.Initiative_ReachLeftOut), LeftOutList(t, reach)) : "";

    public static string Names(Texts t, IReadOnlyList<Person> people) =>
        string.Join(t[nameof(Strings.Initiative_ReachJoin)], people.Take(MaxNamesShown).Select(p => EscapeMarkdown(p.DisplayName)))
        + (people.Count > MaxNamesShown ? t[nameof(Strings.Initiative_ReachJoin)] + t.Format(nameof(Strings.Initiative_ReachMore), people.Count - MaxNamesShown) : "");

    /// <summary>
    /// The people left out, by name, each reason with what fixes it. Promoters get a button to where
    /// departments are set (the <c>roles</c> card); others are told to ask a promoter.
    /// </summary>
    public static IReadOnlyList<JToken?> Details(Texts t, AudienceReach? reach, bool canSetDepartments)
    {
        if (reach is not { } r || (r.NoDepartment.Count == 0 && r.Unreachable.Count == 0))
        {
            return [];
        }
        return
        [
            Container(
            [
                Text(t[nameof(Strings.Initiative_ReachTitle)], weight: "Bolder"),
                r.NoDepartment.Count > 0 ? Text(t.Format(nameof(Strings.Initiative_ReachNoDepartmentNames), Names(t, r.NoDepartment))) : null,
                r.NoDepartment.Count > 0
                    ? Text(t[canSetDepartments ? nameof(Strings.Initiative_ReachNoDepartmentFix) : nameof(Strings.Initiative_ReachNoDepartmentAsk)], subtle: true)
                    : null,
                r.Unreachable.Count > 0 ? Text(t.Format(nameof(Strings.Initiative_ReachUnreachableNames), Names(t, r.Unreachable))) : null,
                r.Unreachable.Count > 0 ? Text(t[nameof(Strings.Initiative_ReachUnreachableFix)], subtle: true) : null,
                r.NoDepartment.Count > 0 && canSetDepartments
                    ? ActionSet([Submit(t[nameof(Strings.Initiative_ReachSetDepartments)], CardData.CommandVerb, new { command = "roles" }, validateInputs: false)])
                    : null,
            ], style: "warning", separator: true),
        ];
    }
}
