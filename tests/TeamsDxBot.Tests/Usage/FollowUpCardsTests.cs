using System.Reflection;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Usage;

namespace TeamsDxBot.Tests.Usage;

/// <summary>Every follow-up and measured-nudge card, in both languages, through the official adaptivecards parser.</summary>
public sealed class FollowUpCardsTests
{
    private static readonly Initiative Tool = new()
    {
        TenantId = "t", Id = "i1", Name = "経費精算システム", NameEn = "Expenses", GoLive = new(2026, 10, 1), TargetDate = new(2027, 1, 1), CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private static FollowUpView View(FollowUpNames names)
    {
        var rows = new List<FollowUpRow>
        {
            new("p1", "佐藤 花子", UsageStanding.Lapsed, new(2026, 11, 4), null, null, null),
            new("p2", "Emma_Brown", UsageStanding.NeverStarted, null, FollowUpMarkKind.Contacted, new(2026, 11, 24), "Alex Smith"),
        };
        var notNeeded = new List<FollowUpRow> { new("p3", "鈴木 一郎", UsageStanding.NeverStarted, null, FollowUpMarkKind.NotNeeded, new(2026, 11, 20), "推進 太郎") };
        return new FollowUpView(Tool, new(2026, 11, 16),
        [
            new FollowUpDepartment("d1", "営業部", rows, notNeeded, 1, 1, 3, 2),
            new FollowUpDepartment("d2", "製造部", [], [], 0, 0, 0, 0),
        ], names, names == FollowUpNames.Shown);
    }

    private static IEnumerable<(string Builder, string Variant, JObject Card)> Catalog(Texts t)
    {
        yield return (nameof(FollowUpCards.List), "names", FollowUpCards.List(t, View(FollowUpNames.Shown), 25));
        yield return (nameof(FollowUpCards.List), "more", FollowUpCards.List(t, View(FollowUpNames.Shown), 1));
        yield return (nameof(FollowUpCards.List), "promoters-only", FollowUpCards.List(t, View(FollowUpNames.PromotersOnly), 25));
        yield return (nameof(FollowUpCards.List), "nobody", FollowUpCards.List(t, View(FollowUpNames.Nobody), 25));
        yield return (nameof(FollowUpCards.List), "executive", FollowUpCards.List(t, View(FollowUpNames.Executive), 25));
        yield return (nameof(FollowUpCards.List), "empty", FollowUpCards.List(t, View(FollowUpNames.Shown) with { Departments = [] }, 25));
        yield return (nameof(FollowUpCards.Picker), "some", FollowUpCards.Picker(t, [new Department("t", "d1", "営業部", false, DateTimeOffset.UnixEpoch)]));
        yield return (nameof(FollowUpCards.Picker), "none", FollowUpCards.Picker(t, []));
        yield return (nameof(MeasuredNudgeCards.Note), "never", MeasuredNudgeCards.Note(t, Tool, UsageStanding.NeverStarted, null, ["Alex Smith", "鈴木 一郎"]));
        yield return (nameof(MeasuredNudgeCards.Note), "lapsed", MeasuredNudgeCards.Note(t, Tool, UsageStanding.Lapsed, new(2026, 11, 4), []));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(6)]
    public void A_long_list_stays_under_the_Teams_card_size_limit_and_says_how_many_more(int departments)
    {
        // 200 people to follow and 50 not needed in each department, with long names and Entra ids.
        FollowUpRow Person(int i, FollowUpMarkKind? mark) => new(Guid.NewGuid().ToString(), $"長い名前の社員 {i:000} さん（営業第一課）", UsageStanding.Lapsed,
            new(2026, 11, 4), mark, mark is null ? null : new(2026, 11, 24), "推進担当の 推進 太郎");
        var list = Enumerable.Range(0, departments).Select(d => new FollowUpDepartment(Guid.NewGuid().ToString(), $"部署 {d}",
            Enumerable.Range(0, 200).Select(i => Person(i, i % 2 == 0 ? FollowUpMarkKind.Contacted : null)).ToList(),
            Enumerable.Range(0, 50).Select(i => Person(i, FollowUpMarkKind.NotNeeded)).ToList(), 0, 200, 100, 10)).ToList();
        var view = new FollowUpView(Tool with { Id = Guid.NewGuid().ToString() }, new(2026, 11, 16), list, FollowUpNames.Shown, true);

        var card = FollowUpCards.List(Texts.Japanese, view, new FollowUpOptions().MaxRows);

        var bytes = System.Text.Encoding.UTF8.GetByteCount(card.ToString(Newtonsoft.Json.Formatting.None));
        Assert.True(bytes < 26_000, $"{bytes} bytes");
        Assert.Contains("ほか", card.ToString());
    }

    [Fact]
    public void The_catalog_covers_every_card()
    {
        var builders = new[] { typeof(FollowUpCards), typeof(MeasuredNudgeCards) }
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static)).Where(m => m.ReturnType == typeof(JObject)).Select(m => m.Name);
        Assert.Empty(builders.Except(Catalog(Texts.Japanese).Select(c => c.Builder)));
    }

    [Fact]
    public void English_cards_have_no_Japanese_words_of_their_own()
    {
        // Names of people and departments are data and stay as they are; everything else is English.
        var data = new[] { "佐藤 花子", "鈴木 一郎", "推進 太郎", "営業部", "製造部" };
        var texts = Catalog(Texts.English).SelectMany(c => Strings(c.Card)).Select(s => data.Aggregate(s, (x, d) => x.Replace(d, "", StringComparison.Ordinal)))
            .Where(s => s.Any(c => c is >= '\u3000' and <= '\u9fff' or >= '\uff00' and <= '\uffef')).ToList();
        Assert.Empty(texts);

        static IEnumerable<string> Strings(JToken token) => token switch
        {
            JObject o => o.Properties().SelectMany(p => p.Name is "text" or "title" or "label" or "placeholder" or "errorMessage" && p.Value.Type == JTokenType.String ? [(string)p.Value!] : Strings(p.Value)),
            JArray a => a.SelectMany(Strings),
            _ => [],
        };
    }

    [Fact]
    public async Task Every_card_passes_the_official_adaptivecards_parser()
    {
        await TeamsDxBot.Tests.Cards.OfficialParser.AssertParsesInBothLanguagesAsync(t => Catalog(t).Select(c => ($"{c.Builder}-{c.Variant}", c.Card)));
    }
}
