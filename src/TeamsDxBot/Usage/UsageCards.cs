using System.Globalization;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Usage;

/// <summary>One initiative's weeks on a person's own usage card: the weeks shown and the last day they were active.</summary>
public sealed record OwnUsage(Initiative Initiative, IReadOnlyList<(DateOnly Week, int ActiveDays)> Weeks, DateOnly? LastActive);

public static class UsageCards
{
    public const string ImportVerb = "usage.import";
    public const int OwnWeeks = 8;
    public const int MaxUnmatchedShown = 20;
    private const int MaxProblems = 50;

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The form; after a failed import it comes back with what was picked and pasted, to fix and resend.</summary>
    private static IEnumerable<JToken?> Form(Texts t, IReadOnlyList<Initiative> initiatives, string? initiativeId, string? text)
    {
        var example = t[nameof(Strings.Usage_Example)];
        var selected = initiativeId ?? (initiatives.Count == 1 ? initiatives[0].Id : null);
        return
        [
            Text(t[nameof(Strings.Usage_Instructions)]),
            .. example.Split('\n').Select(line => Text(EscapeMarkdown(line), subtle: true, monospace: true)),
            ChoiceSet("initiativeId", t[nameof(Strings.Usage_Initiative)], initiatives.Select(i => (i.NameFor(t.IsEnglish), i.Id)), selected,
                required: true, errorMessage: t[nameof(Strings.Usage_PickInitiative)], placeholder: t[nameof(Strings.Usage_PickInitiative)]),
            TextInput("csv", t[nameof(Strings.Usage_Paste)], text, multiline: true, maxLength: UsageImportService.MaxPastedLength,
                required: true, errorMessage: t.Format(nameof(Strings.Usage_Empty), UsageInput.EventsHeader, UsageInput.SnapshotHeader), placeholder: example),
            ActionSet([Submit(t[nameof(Strings.Usage_ImportButton)], ImportVerb, style: "positive")]),
        ];
    }

    public static JObject ImportForm(Texts t, IReadOnlyList<Initiative> initiatives) => initiatives.Count == 0
        ? Create([Title(t[nameof(Strings.Usage_ImportTitle)]), Text(t[nameof(Strings.Usage_NoInitiatives)], subtle: true)])
        : Create([Title(t[nameof(Strings.Usage_ImportTitle)]), .. Form(t, initiatives, null, null)]);

    public static JObject Problems(Texts t, IReadOnlyList<Initiative> initiatives, string? initiativeId, string? text, IReadOnlyList<UsageProblem> problems) => Create(
    [
        Heading(t.Format(nameof(Strings.Usage_ProblemsTitle), problems.Count)),
        Text(t[nameof(Strings.Usage_NothingStored)], color: "Attention"),
        // Addresses have underscores and echoed values anything; markdown must not act on them.
        .. problems.Take(MaxProblems).Select(p => Text(EscapeMarkdown(Describe(t, p)))),
        problems.Count > MaxProblems ? Text(t.Format(nameof(Strings.Usage_MoreProblems), problems.Count - MaxProblems), subtle: true) : null,
        .. Form(t, initiatives, initiativeId, text),
    ]);

    public static string Describe(Texts t, UsageProblem p) =>
        p.Line > 0 ? t.Format(nameof(Strings.Usage_LinePrefix), p.Line, t.Format(p.Key, p.Args)) : t.Format(p.Key, p.Args);

    /// <summary>"Lines 4, 9 and 12 matched nobody", the first <see cref="MaxUnmatchedShown"/> and how many more.</summary>
    public static string UnmatchedText(Texts t, IReadOnlyList<int> lines, bool items = false)
    {
        var shown = string.Join(", ", lines.Take(MaxUnmatchedShown));
        var text = t.Format(items ? nameof(Strings.Usage_UnmatchedItems) : nameof(Strings.Usage_UnmatchedLines), lines.Count, shown);
        return lines.Count > MaxUnmatchedShown ? text + " " + t.Format(nameof(Strings.Usage_UnmatchedMore), lines.Count - MaxUnmatchedShown) : text;
    }

    public static JObject Stored(Texts t, Initiative initiative, UsageImportResult result) => Create(
    [
        Heading(t.Format(nameof(Strings.Usage_StoredTitle), initiative.NameFor(t.IsEnglish), result.People)),
        Text(t.Format(nameof(Strings.Usage_StoredWeeks), result.WeeksOrEmpty.Count, string.Join(", ", result.WeeksOrEmpty.Select(Date)))),
        Text(result.Write!.Removed == 0 ? t.Format(nameof(Strings.Usage_StoredCountsOnly), result.Write.Stored)
            : t.Format(nameof(Strings.Usage_StoredCounts), result.Write.Stored, result.Write.Removed), subtle: true),
        result.Unmatched.Count == 0 ? null : Text(UnmatchedText(t, result.Unmatched), color: "Warning"),
        result.Unmatched.Count == 0 ? null : Text(t[nameof(Strings.Usage_UnmatchedHint)], subtle: true),
    ]);

    public static JObject Own(Texts t, IReadOnlyList<OwnUsage> usage) => Create(
    [
        Title(t[nameof(Strings.Usage_OwnTitle)]),
        Text(t.Format(nameof(Strings.Usage_OwnIntro), OwnWeeks), subtle: true),
        .. usage.Count == 0 ? [Text(t[nameof(Strings.Usage_NoInitiatives)], subtle: true)] : usage.Select(u => Container(
        [
            Text(u.Initiative.NameFor(t.IsEnglish), weight: "Bolder"),
            u.LastActive is { } last
                ? Text(t.Format(nameof(Strings.Usage_OwnLastActive), Date(last)))
                : Text(t[nameof(Strings.Usage_OwnNone)], subtle: true),
            u.LastActive is null ? null : Facts(u.Weeks.Select(w => (t.Format(nameof(Strings.Usage_WeekOf), Date(w.Week)), t.Format(nameof(Strings.Usage_DaysValue), w.ActiveDays)))),
        ], separator: true)),
    ]);
}
