using System.Text.Json.Nodes;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;
using static TeamsDxBot.Tests.Broadcasts.BroadcastTestKit;

namespace TeamsDxBot.Tests.Broadcasts;

/// <summary>The composer shows only the fields of the chosen timing, and the preview says how many it goes to.</summary>
public sealed class BroadcastComposerTests : IAsyncLifetime
{
    private BroadcastTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public async Task InitializeAsync()
    {
        kit = await StartAsync();
        await kit.SetUpCompanyAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private static List<string> InputIds(JsonNode? node) => node switch
    {
        JsonObject o => [.. (o["type"]?.GetValue<string>()?.StartsWith("Input.", StringComparison.Ordinal) == true ? [o["id"]!.GetValue<string>()] : Array.Empty<string>()),
            .. o.Where(kv => kv.Key != "actions" || o["type"]?.GetValue<string>() != "AdaptiveCard").SelectMany(kv => InputIds(kv.Value))],
        JsonArray a => a.SelectMany(InputIds).ToList(),
        _ => [],
    };

    private static string? Value(JsonNode? node, string id) => node switch
    {
        JsonObject o when o["id"]?.GetValue<string>() == id => o["value"]?.GetValue<string>(),
        JsonObject o => o.Select(kv => Value(kv.Value, id)).FirstOrDefault(v => v is not null),
        JsonArray a => a.Select(n => Value(n, id)).FirstOrDefault(v => v is not null),
        _ => null,
    };

    [Fact]
    public async Task Only_the_chosen_timings_fields_are_shown_and_another_timing_redraws_the_card_with_what_was_typed()
    {
        await kit.SubmitAsync(Executive, Action(BroadcastCards.ComposeVerb, ""));
        var composer = Host.SentTo(Executive).Last();
        Assert.Contains("送るタイミング：今すぐ送る", composer.AllText);
        // "Now" needs no date, time or series fields.
        Assert.Equal(["title", "body", "imageUrl", "linkTitle", "linkUrl", "audience", "departmentIds", "acknowledge"], InputIds(composer.Card!["body"]));
        Assert.DoesNotContain("date", InputIds(composer.Card!["body"]));
        var timingButtons = composer.AllText;
        foreach (var label in new[] { "今すぐ送る", "日時を指定して送る", "選んだ日に送る（シリーズ）", "毎週（シリーズ）", "毎月（シリーズ）" })
        {
            Assert.Contains(label, timingButtons);
        }

        // Weekly chosen after typing the title: the card comes back with the title and only the weekly fields.
        var typed = Form(BroadcastCards.TimingVerb, title: "週次のお知らせ", departmentIds: kit.Sales, timing: BroadcastTiming.Weekly);
        await kit.SubmitAsync(Executive, typed);
        var weekly = Host.SentTo(Executive).Last();
        Assert.Equal("update", weekly.Kind);
        Assert.Equal("週次のお知らせ", Value(weekly.Card!["body"], "title"));
        Assert.Contains("送るタイミング：毎週（シリーズ）", weekly.AllText);
        var ids = InputIds(weekly.Card!["body"]);
        Assert.Contains("date", ids);
        Assert.Contains("weekday", ids);
        Assert.Contains("time", ids);
        Assert.Contains("count", ids);
        Assert.DoesNotContain("dates", ids);
        Assert.DoesNotContain("monthlyRule", ids);
        Assert.DoesNotContain("day", ids);
        // The send button carries the timing, so what is sent is what is shown.
        Assert.Contains("\"timing\":\"weekly\"", weekly.Card!["actions"]!.ToJsonString());

        await kit.SubmitAsync(Executive, Form(BroadcastCards.TimingVerb, title: "週次のお知らせ", timing: BroadcastTiming.Monthly));
        ids = InputIds(Host.SentTo(Executive).Last().Card!["body"]);
        Assert.Contains("monthlyRule", ids);
        Assert.Contains("day", ids);
        await kit.SubmitAsync(Executive, Form(BroadcastCards.TimingVerb, title: "週次のお知らせ", timing: BroadcastTiming.Dates));
        ids = InputIds(Host.SentTo(Executive).Last().Card!["body"]);
        Assert.Contains("dates", ids);
        Assert.DoesNotContain("weekday", ids);

        // A timing the composer does not offer changes nothing.
        var before = Host.SentTo(Executive).Count;
        await kit.SubmitAsync(Executive, Form(BroadcastCards.TimingVerb, timing: "hourly"));
        Assert.Equal(before + 1, Host.SentTo(Executive).Count);
        Assert.Contains("いつ送るかを選んでください", Host.SentTo(Executive).Last().AllText);
        Assert.Empty(await kit.AllAsync());
    }

    [Fact]
    public async Task The_preview_says_how_many_it_goes_to_and_who_is_left_out()
    {
        await kit.SubmitAsync(Executive, Form(BroadcastCards.PreviewVerb, departmentIds: kit.Sales));
        Assert.Contains("送り先：4人（部署未設定の1人は対象外）。", Host.SentTo(Executive).Last().Text);

        await kit.SetAsync(SalesThird, p => p with { Reachability = Reachability.Unreachable });
        await kit.SubmitAsync(Executive, Form(BroadcastCards.PreviewVerb, departmentIds: kit.Sales));
        Assert.Contains("送り先：3人（部署未設定の1人、ボットが届かない1人は対象外）。", Host.SentTo(Executive).Last().Text);

        await kit.SubmitAsync(Executive, Form(BroadcastCards.PreviewVerb, audience: nameof(BroadcastAudience.Everyone)));
        Assert.Contains("送り先：7人（ボットが届かない1人は対象外）。", Host.SentTo(Executive).Last().Text);
        Assert.Empty(await kit.AllAsync());
    }
}
