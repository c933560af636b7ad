using System.Diagnostics;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Imports;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Usage;

namespace TeamsDxBot.Tests.Imports;

/// <summary>The cards a sent file may bring (and the initiative list with the sign-in line) through the official parser, in both languages.</summary>
public sealed class FileImportCardsTests
{
    private static readonly SentFile File = new("https://contoso.sharepoint.com/download?x=1", "利用状況_11月.csv", "csv");
    private static readonly Initiative Tool = new()
    {
        TenantId = "t", Id = "i1", Name = "経費精算システム", NameEn = "Expenses", GoLive = new(2026, 12, 1), TargetDate = new(2027, 3, 1),
        SignInAppId = "3f2a6c1e-9b7d-4c55-8e21-0a1b2c3d4e5f",
    };

    private static IEnumerable<(string Name, JObject Card)> Cards(Texts t) =>
    [
        ("which", FileImportCards.WhichImport(t, File, [FileImportCards.Roster, FileImportCards.Usage, FileImportCards.Metrics])),
        ("pick", FileImportCards.PickInitiative(t, File, [Tool, Tool with { Id = "i2", Name = "社内チャット", SignInAppId = "" }])),
        ("problems", FileImportCards.UsageProblems(t, [new UsageProblem(3, nameof(Resources.Strings.Usage_DateInFuture), "2026-12-31"), new UsageProblem(0, nameof(Resources.Strings.Usage_NoActivity))])),
        ("list", InitiativeCards.List(t, [Tool], [], true, new Dictionary<string, IReadOnlyList<InitiativeFact>>
        {
            ["i1"] = [new(t[nameof(Resources.Strings.SignIns_Label)], t.Format(nameof(Resources.Strings.SignIns_ErrorGraph), 500))],
        })),
    ];

    [Fact]
    public void Each_import_button_carries_the_file_and_its_kind()
    {
        var card = FileImportCards.WhichImport(Texts.English, File, [FileImportCards.Roster, FileImportCards.Usage]);

        var data = card["actions"]!.Select(a => a["data"]!).ToList();
        Assert.Equal([FileImportCards.Roster, FileImportCards.Usage], data.Select(d => (string)d["kind"]!));
        Assert.All(data, d => Assert.Equal((FileImportCards.ImportVerb, File.Url, File.Name), ((string)d["verb"]!, (string?)d["url"], (string)d["name"]!)));
        Assert.Contains("Import as a roster", card.ToString());
    }

    [Fact]
    public async Task Every_card_passes_the_official_adaptivecards_parser()
    {
        await TeamsDxBot.Tests.Cards.OfficialParser.AssertParsesInBothLanguagesAsync(t => Cards(t).Select(c => (c.Name, c.Card)));
    }
}
