using Newtonsoft.Json.Linq;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;
using TeamsDxBot.Usage;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Imports;

/// <summary>A file a promoter sent: where Teams lets the bot download it, its name and its type ("csv", "json").</summary>
public sealed record SentFile(string? Url, string Name, string Type)
{
    /// <summary>A button's data: the picked initiative, where there is one, comes from the card's own input.</summary>
    public object Data(string kind) => new { verb = FileImportCards.ImportVerb, kind, url = Url, name = Name, fileType = Type };

    public static SentFile? From(JObject data) =>
        data.String("url") is { } url ? new SentFile(url, data.String("name") ?? "", data.String("fileType") ?? "csv") : null;
}

/// <summary>The questions a sent file may need answered before it is imported: which import, and for usage which initiative.</summary>
public static class FileImportCards
{
    /// <summary>Imports the file again (it is downloaded once more) as the kind the promoter picked.</summary>
    public const string ImportVerb = "file.import";

    public const string Roster = "roster";
    public const string Usage = "usage";
    public const string Metrics = "metrics";
    private const int MaxProblems = 50;

    /// <summary>The headings fit more than one import; guessing would store a roster as usage or the other way round.</summary>
    public static JObject WhichImport(Texts t, SentFile file, IReadOnlyList<string> kinds) => Create(
        [Text(EscapeMarkdown(t.Format(nameof(Strings.File_WhichImport), file.Name)))],
        kinds.Select(kind => Submit(t[kind switch
        {
            Roster => nameof(Strings.File_AsRoster),
            Metrics => nameof(Strings.File_AsMetrics),
            _ => nameof(Strings.File_AsUsage),
        }], ImportVerb, file.Data(kind))));

    public static JObject PickInitiative(Texts t, SentFile file, IReadOnlyList<Initiative> initiatives) => Create(
    [
        Text(EscapeMarkdown(t.Format(nameof(Strings.File_UsagePickInitiative), file.Name))),
        ChoiceSet("initiativeId", t[nameof(Strings.Usage_Initiative)], initiatives.Select(i => (i.NameFor(t.IsEnglish), i.Id)), null,
            required: true, errorMessage: t[nameof(Strings.Usage_PickInitiative)], placeholder: t[nameof(Strings.Usage_PickInitiative)]),
    ],
    [Submit(t[nameof(Strings.File_UsageImport)], ImportVerb, file.Data(Usage), style: "positive")]);

    /// <summary>Every problem with its line, as the paste card shows them; the file itself is what gets fixed, so no text box.</summary>
    public static JObject UsageProblems(Texts t, IReadOnlyList<UsageProblem> problems) => Create(
    [
        Heading(t.Format(nameof(Strings.Usage_ProblemsTitle), problems.Count)),
        Text(t[nameof(Strings.Usage_NothingStored)], color: "Attention"),
        .. problems.Take(MaxProblems).Select(p => Text(EscapeMarkdown(UsageCards.Describe(t, p)))),
        problems.Count > MaxProblems ? Text(t.Format(nameof(Strings.Usage_MoreProblems), problems.Count - MaxProblems), subtle: true) : null,
        Text(t[nameof(Strings.File_UsageFix)], subtle: true),
    ]);
}
