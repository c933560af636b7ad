using System.Reflection;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Usage;

namespace TeamsDxBot.Tests.Usage;

/// <summary>Every usage card, in both languages, through the official adaptivecards parser (as the card catalog does for the others).</summary>
public sealed class UsageCardsTests
{
    private static readonly Initiative Tool = new()
    {
        TenantId = "t", Id = "i1", Name = "Expenses", GoLive = new(2026, 10, 1), TargetDate = new(2027, 1, 1), CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private static IEnumerable<(string Builder, string Variant, JObject Card)> Catalog(Texts t)
    {
        yield return (nameof(UsageCards.ImportForm), "some", UsageCards.ImportForm(t, [Tool]));
        yield return (nameof(UsageCards.ImportForm), "none", UsageCards.ImportForm(t, []));
        yield return (nameof(UsageCards.Problems), "", UsageCards.Problems(t, [Tool], "i1", "email,date\nsato@contoso.example,2026-13-01",
            [new UsageProblem(2, nameof(Resources.Strings.Usage_DateInvalid), "2026-13-01"), new UsageProblem(0, nameof(Resources.Strings.Usage_TooManyRows), 50_000)]));
        yield return (nameof(UsageCards.Stored), "", UsageCards.Stored(t, Tool,
            new UsageImportResult([], new UsageWrite(3, 1), 2, [new(2026, 11, 9), new(2026, 11, 16)], Enumerable.Range(2, 25).ToList())));
        yield return (nameof(UsageCards.Own), "some", UsageCards.Own(t,
        [
            new OwnUsage(Tool, [(new(2026, 11, 23), 0), (new(2026, 11, 16), 3)], new(2026, 11, 18)),
            new OwnUsage(Tool with { Id = "i2", Name = "Chat" }, [(new(2026, 11, 23), 0)], null),
        ]));
        yield return (nameof(UsageCards.Own), "none", UsageCards.Own(t, []));
    }

    [Fact]
    public void The_catalog_covers_every_usage_card()
    {
        var builders = typeof(UsageCards).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(JObject)).Select(m => m.Name);
        Assert.Empty(builders.Except(Catalog(Texts.Japanese).Select(c => c.Builder)));
    }

    [Fact]
    public void English_usage_cards_have_no_Japanese_punctuation()
    {
        var texts = Catalog(Texts.English).SelectMany(c => Strings(c.Card)).Where(s => s.IndexOfAny(['（', '）', '、', '「', '」']) >= 0).ToList();
        Assert.Empty(texts);

        static IEnumerable<string> Strings(JToken token) => token switch
        {
            JObject o => o.Properties().SelectMany(p => p.Name is "text" or "title" or "value" && p.Value.Type == JTokenType.String ? [(string)p.Value!] : Strings(p.Value)),
            JArray a => a.SelectMany(Strings),
            _ => [],
        };
    }

    [Fact]
    public async Task Every_usage_card_passes_the_official_adaptivecards_parser()
    {
        await TeamsDxBot.Tests.Cards.OfficialParser.AssertParsesInBothLanguagesAsync(t => Catalog(t).Select(c => ($"{c.Builder}-{c.Variant}", c.Card)));
    }
}
