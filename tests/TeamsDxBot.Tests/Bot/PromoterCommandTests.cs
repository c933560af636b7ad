using TeamsDxBot.Bot;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Pulse;
using TeamsDxBot.Resources;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Bot;

public sealed class PromoterCommandTests : IAsyncLifetime
{
    private BotTestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync();
        foreach (var user in new[] { BotTestHost.Promoter, BotTestHost.Staff, BotTestHost.EnglishStaff })
        {
            await host.SayAsync(user, "help");
        }
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<string> AnswerAsync(TestUser user, string text)
    {
        var before = host.SentTo(user).Count;
        await host.SayAsync(user, text);
        return string.Join("\n", host.SentTo(user).Skip(before).Select(c => c.AllText));
    }

    [Theory]
    [InlineData("部署 追加 品質保証部")]
    [InlineData("部署　アーカイブ　営業部")]
    [InlineData("施策 追加 経費精算")]
    [InlineData("役割 付与 aad-staff")]
    [InlineData("インポート a@example.com,営業部,Promoter")]
    public async Task Staff_typing_a_promoter_command_with_arguments_is_told_it_is_for_promoters(string text)
    {
        var answer = await AnswerAsync(BotTestHost.Staff, text);

        Assert.Contains("DX推進担当者だけ", answer);
        Assert.DoesNotContain(Texts.Japanese[nameof(Strings.Departments_Title)], answer);
        Assert.Empty(await host.Get<DepartmentRepository>().ListAsync(BotTestHost.TenantId, default));
        Assert.Empty(await host.Get<InitiativeRepository>().ListAsync(BotTestHost.TenantId, default));
    }

    [Theory]
    [InlineData("department add Quality")]
    [InlineData("initiatives add Expenses")]
    [InlineData("roles grant aad-staff")]
    public async Task English_staff_are_told_in_English(string text)
    {
        var answer = await AnswerAsync(BotTestHost.EnglishStaff, text);

        Assert.Contains("for DX promoters only", answer);
        Assert.Empty(await host.Get<DepartmentRepository>().ListAsync(BotTestHost.TenantId, default));
    }

    [Fact]
    public async Task Staff_still_see_the_lists_and_promoters_are_not_refused()
    {
        Assert.Contains(Texts.Japanese[nameof(Strings.Departments_Title)], await AnswerAsync(BotTestHost.Staff, "部署"));

        var promoter = await AnswerAsync(BotTestHost.Promoter, "部署 追加 品質保証部");
        Assert.DoesNotContain("DX推進担当者だけ", promoter);
        Assert.Contains(Texts.Japanese[nameof(Strings.Departments_Title)], promoter);
    }

    [Fact]
    public async Task The_pulse_screen_without_initiatives_names_the_command_that_adds_them()
    {
        var answer = await AnswerAsync(BotTestHost.Promoter, "アンケート");

        Assert.Contains("「施策」", answer);
        Assert.DoesNotContain("「ツール」", answer);
        var router = host.Get<CommandRouter>();
        Assert.Equal("initiatives", router.Match("施策").Command?.Name);

        var english = PulseCards.Admin(Texts.English, [], TimeZoneInfo.Utc, host.Clock.GetUtcNow()).ToString();
        Assert.Contains("Type initiatives to add one", english);
        Assert.Equal("initiatives", router.Match("initiatives").Command?.Name);
    }
}
