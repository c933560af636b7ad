using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Onboarding;

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
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        await TeamsDxBot.Tests.Cards.OfficialParser.AssertParsesInBothLanguagesAsync(t =>
        [
            ("empty", StartCards.Checklist(t, Empty, tokyo)),
            ("complete", StartCards.Checklist(t, Complete, tokyo)),
        ]);
    }
}
