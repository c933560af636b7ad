using TeamsDxBot.Directory;
using TeamsDxBot.Localization;
using TeamsDxBot.Questions;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Questions;

public sealed class QuestionLabelTests
{
    [Theory]
    [InlineData(9, "ja", "1営業日")]
    [InlineData(18, "ja", "2営業日")]
    [InlineData(2, "ja", "2営業時間")]
    [InlineData(9, "en", "one business day")]
    [InlineData(27, "en", "3 business days")]
    [InlineData(4.5, "en", "4.5 business hours")]
    public void Answer_times_are_said_in_business_days_when_whole_else_in_business_hours(double hours, string language, string expected) =>
        Assert.Equal(expected, QuestionCards.BusinessTime(language == "en" ? Texts.English : Texts.Japanese, TimeSpan.FromHours(hours), TimeSpan.FromHours(9)));

    [Fact]
    public async Task The_urgent_switch_promises_the_configured_time()
    {
        await using var host = await BotTestHost.StartAsync(settings: new Dictionary<string, string> { ["Questions:UrgentDue"] = "02:00:00" });
        var sales = (await host.Get<DepartmentRepository>().CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default)).Department!.Id;
        await host.SayAsync(BotTestHost.Promoter, "help"); // someone to send it to
        await host.SayAsync(BotTestHost.Staff, "help");
        await host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, BotTestHost.Staff.AadObjectId, p => p with { DepartmentId = sales }, default);

        await host.SayAsync(BotTestHost.Staff, "ask 経費の申請方法は？");
        Assert.Contains("急ぎ（2営業時間以内に回答がほしい）", host.SentTo(BotTestHost.Staff).Last().AllText);
    }
}
