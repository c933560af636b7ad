using System.Diagnostics;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Cards;

/// <summary>Cards through the official adaptivecards parser (tests/Journeys/validate-cards.mjs), as Teams' renderer reads them.</summary>
public static class OfficialParser
{
    /// <param name="cards">Each card with a name unique among them (the file it is checked as).</param>
    public static async Task AssertParsesAsync(IEnumerable<(string Name, JObject Card)> cards)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("cards-");
        try
        {
            var count = 0;
            foreach (var (name, card) in cards)
            {
                await File.WriteAllTextAsync(Path.Combine(dir.FullName, name + ".json"), card.ToString());
                count++;
            }
            Assert.True(count > 0, "no cards were given to check");
            Assert.Equal(count, System.IO.Directory.GetFiles(dir.FullName, "*.json").Length);
            var start = new ProcessStartInfo("node", [Path.Combine(RepoPaths.Root, "tests", "Journeys", "validate-cards.mjs"), dir.FullName])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepoPaths.Root,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"adaptivecards parser reported problems:\n{await output}\n{await errors}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>The same cards in Japanese and English, each named with its language.</summary>
    public static Task AssertParsesInBothLanguagesAsync(Func<TeamsDxBot.Localization.Texts, IEnumerable<(string Name, JObject Card)>> cards) =>
        AssertParsesAsync(new[] { TeamsDxBot.Localization.Texts.Japanese, TeamsDxBot.Localization.Texts.English }
            .SelectMany(t => cards(t).Select(c => ($"{c.Name}-{t.Culture.Name}", c.Card))));
}
