using TeamsDxBot.Cards;
using TeamsDxBot.Directory;
using TeamsDxBot.Localization;

namespace TeamsDxBot.Tests.Cards;

public sealed class AdaptiveCardTests
{
    [Fact]
    public void Typed_text_keeps_its_line_breaks_as_separate_blocks()
    {
        var blocks = AdaptiveCard.UserText("一行目\r\n\r\n三行目")["items"]!.Select(i => (string)i["text"]!).ToList();
        Assert.Equal(["一行目", " ", "三行目"], blocks);
    }

    [Theory]
    [InlineData(@"\\files\共有 にあります", @"\\\\files\\共有 にあります")]
    [InlineData("*太字*にしない", @"\*太字\*にしない")]
    [InlineData("- 箇条書きにしない", @"\- 箇条書きにしない")]
    [InlineData("1. 番号付きにしない", @"1\. 番号付きにしない")]
    [InlineData("日本語だけの文", "日本語だけの文")]
    [InlineData("v1.5 - ok", "v1.5 - ok")]
    public void Typed_text_is_escaped_so_markdown_does_not_change_it(string typed, string expected) =>
        Assert.Equal(expected, AdaptiveCard.EscapeMarkdown(typed));

    [Fact]
    public void The_welcome_card_preselects_a_department_the_person_already_has()
    {
        var departments = new[] { new Department("t", "d1", "営業部", false, DateTimeOffset.UnixEpoch), new Department("t", "d2", "製造部", false, DateTimeOffset.UnixEpoch) };
        var card = DirectoryCards.Welcome(Texts.Japanese, "鈴木", departments, false, "d2");
        var picker = card["body"]!.Single(b => (string?)b["id"] == "departmentId");
        Assert.Equal("d2", (string?)picker["value"]);
        Assert.Null(DirectoryCards.Welcome(Texts.Japanese, "鈴木", departments, false)["body"]!.Single(b => (string?)b["id"] == "departmentId")["value"]);
    }
}
