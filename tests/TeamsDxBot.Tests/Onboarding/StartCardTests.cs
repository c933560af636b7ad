using System.Diagnostics;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Onboarding;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Onboarding;

/// <summary>The checklist card in both languages, empty and complete, through the official adaptivecards parser.</summary>
public sealed class StartCardTests
{
    private static readonly Department Sales = new("t", "d1", "営業部", false, DateTimeOffset.UnixEpoch);

    private static readonly StartStatus Empty = new([], [], 3, [], null, []);

    private static readonly StartStatus Complete = new([Sales], [(Sales, 2)], 0,
        [new Initiative { TenantId = "t", Id = "i1", Name = "経費精算システム" }], DateTimeOffset.UnixEpoch,
        [new TeamRecord { TenantId = "t", TeamId = "team", Name = "全社", Address = new("https://x", "c", "b", "msteams"), MembersEnrolled = 6 }]);

    [Fact]
    public void A_finished_setup_says_so_instead_of_the_instructions()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var card = StartCards.Checklist(Texts.Japanese, Complete, tokyo).ToString();
        Assert.Contains("準備はすべて整っています", card);
        Assert.DoesNotContain("\"text\": \"未\"", card);
        Assert.Contains("\"text\": \"未\"", StartCards.Checklist(Texts.Japanese, Empty, tokyo).ToString());
    }

    [Fact]
    public async Task Every_variant_passes_the_official_adaptivecards_parser()
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("start-cards-");
        try
        {
            var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
            foreach (var t in new[] { Texts.Japanese, Texts.English })
            {
                File.WriteAllText(Path.Combine(dir.FullName, $"empty-{t.Culture.Name}.json"), StartCards.Checklist(t, Empty, tokyo).ToString());
                File.WriteAllText(Path.Combine(dir.FullName, $"complete-{t.Culture.Name}.json"), StartCards.Checklist(t, Complete, tokyo).ToString());
            }
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
}
