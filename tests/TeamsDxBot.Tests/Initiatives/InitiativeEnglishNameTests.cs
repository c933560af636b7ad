using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Initiatives;

/// <summary>An initiative's optional English name is what English cards show; the Japanese name stays the default.</summary>
public sealed class InitiativeEnglishNameTests : IAsyncLifetime
{
    private BotTestHost host = null!;
    private string sales = "";

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync();
        sales = (await host.Get<DepartmentRepository>().CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default)).Department!.Id;
        foreach (var user in new[] { BotTestHost.Promoter, BotTestHost.Staff, BotTestHost.EnglishStaff })
        {
            await host.SayAsync(user, "help");
        }
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task English_cards_show_the_english_name_and_japanese_ones_the_japanese_name()
    {
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = InitiativeCards.SaveVerb, name = "経費精算システム", nameEn = "Expense system", goLive = "2026-11-24", targetPercent = "", targetDate = "" });
        var initiative = Assert.Single(await host.Get<InitiativeRepository>().ListAsync(BotTestHost.TenantId, default));
        Assert.Equal(("経費精算システム", "Expense system"), (initiative.Name, initiative.NameEn));
        Assert.Contains("英語名（任意）", host.SentTo(BotTestHost.Promoter).Last().AllText);

        await host.SayAsync(BotTestHost.EnglishStaff, "initiatives");
        var english = host.SentTo(BotTestHost.EnglishStaff).Last().AllText;
        Assert.Contains("Expense system", english);
        await host.SayAsync(BotTestHost.Staff, "施策");
        Assert.Contains("経費精算システム", host.SentTo(BotTestHost.Staff).Last().AllText);

        // The pulse: the English survey names the tool in English, the Japanese one in Japanese.
        await host.Get<PulseScheduler>().RunNowAsync(initiative, default);
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        var surveyEn = host.SentTo(BotTestHost.EnglishStaff).Last(c => c.Card?.ToJsonString().Contains(PulseCards.AnswerVerb, StringComparison.Ordinal) == true).AllText;
        Assert.Contains("Expense system: this week's pulse", surveyEn);
        Assert.DoesNotContain("経費精算システム", surveyEn);
        var surveyJa = host.SentTo(BotTestHost.Staff).Last(c => c.Card?.ToJsonString().Contains(PulseCards.AnswerVerb, StringComparison.Ordinal) == true).AllText;
        Assert.Contains("経費精算システム 利用状況アンケート", surveyJa);
    }

    [Fact]
    public async Task Without_an_english_name_every_card_uses_the_japanese_one_and_a_too_long_one_is_refused()
    {
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = InitiativeCards.SaveVerb, name = "勤怠システム", nameEn = new string('x', 81), goLive = "2026-12-01", targetPercent = "", targetDate = "" });
        Assert.Contains("英語名は80文字以内", host.SentTo(BotTestHost.Promoter).Last().AllText);
        Assert.Empty(await host.Get<InitiativeRepository>().ListAsync(BotTestHost.TenantId, default));

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = InitiativeCards.SaveVerb, name = "勤怠システム", goLive = "2026-12-01", targetPercent = "", targetDate = "" });
        Assert.Contains("未設定", host.SentTo(BotTestHost.Promoter).Last().AllText);
        await host.SayAsync(BotTestHost.EnglishStaff, "initiatives");
        var english = host.SentTo(BotTestHost.EnglishStaff).Last().AllText;
        Assert.Contains("勤怠システム", english);
        Assert.Contains("Not set", english);
    }
}
