using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Nudges;

namespace TeamsDxBot.Tests.Nudges;

/// <summary>A nudge names the tool as the reader's language names it: the English name on English cards when there is one.</summary>
public sealed class NudgeEnglishNameTests
{
    private static readonly Initiative Tool = new()
    {
        TenantId = "t", Id = "i1", Name = "経費精算システム", NameEn = "Expense system", GoLive = new(2026, 12, 1), TargetDate = new(2027, 3, 1),
    };

    [Fact]
    public void The_not_using_nudge_names_the_tool_in_the_readers_language()
    {
        var english = NudgeCards.NotUsing(Texts.English, Tool, ["Ichiro Suzuki"]).ToString();
        Assert.Contains("Expense system", english);
        Assert.DoesNotContain("経費精算システム", english);

        var japanese = NudgeCards.NotUsing(Texts.Japanese, Tool, ["鈴木 一郎"]).ToString();
        Assert.Contains("経費精算システム", japanese);
        Assert.DoesNotContain("Expense system", japanese);
    }

    [Fact]
    public void Without_an_english_name_english_cards_use_the_japanese_one()
    {
        var english = NudgeCards.NotUsing(Texts.English, Tool with { NameEn = "" }, []).ToString();
        Assert.Contains("経費精算システム", english);
    }
}
