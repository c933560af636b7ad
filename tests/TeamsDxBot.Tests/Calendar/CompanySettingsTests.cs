using Microsoft.Extensions.Options;
using TeamsDxBot.Anonymity;
using TeamsDxBot.Calendar;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Calendar;

/// <summary>The company's clock and the anonymity threshold have sections of their own; deployments set up with the former keys keep working.</summary>
public sealed class CompanySettingsTests
{
    [Fact]
    public async Task The_former_question_keys_still_set_the_company_clock()
    {
        await using var host = await BotTestHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["Questions:TimeZone"] = "America/New_York",
            ["Questions:BusinessDayStart"] = "08:00",
            ["Questions:Holidays:0"] = "2026-12-24",
        });
        var calendar = host.Get<CompanyCalendar>();

        Assert.Equal("America/New_York", calendar.Zone.Id);
        var hours = calendar.Hours();
        Assert.Equal(new TimeOnly(8, 0), hours.Open);
        Assert.False(hours.IsWorkingDay(new DateOnly(2026, 12, 24)));
        // Thursday 2026-12-24 08:30 in New York is a holiday, so the next opening is Friday 08:00 there.
        Assert.Equal(new DateTimeOffset(2026, 12, 25, 13, 0, 0, TimeSpan.Zero), hours.NextOpen(new DateTimeOffset(2026, 12, 24, 13, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task A_company_key_wins_over_the_former_one()
    {
        await using var host = await BotTestHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["Questions:TimeZone"] = "America/New_York",
            ["Company:TimeZone"] = "Europe/London",
            ["Pulse:AnonymityThreshold"] = "9",
            ["Anonymity:Threshold"] = "7",
        });

        Assert.Equal("Europe/London", host.Get<CompanyCalendar>().Zone.Id);
        Assert.Equal(7, host.Get<IOptions<AnonymityOptions>>().Value.Threshold);
    }

    [Fact]
    public async Task The_former_threshold_key_still_sets_the_anonymity_threshold()
    {
        await using var host = await BotTestHost.StartAsync(settings: new Dictionary<string, string> { ["Pulse:AnonymityThreshold"] = "8" });

        Assert.Equal(8, host.Get<IOptions<AnonymityOptions>>().Value.Threshold);
    }

    [Fact]
    public async Task The_bot_refuses_to_start_with_an_unknown_company_time_zone()
    {
        var validation = await StartupFailure.ValidationAsync(async () =>
        {
            await using var host = await BotTestHost.StartAsync(settings: new Dictionary<string, string> { ["Company:TimeZone"] = "Mars/Olympus" });
        });
        Assert.Equal(typeof(CompanyOptions), validation.OptionsType);
    }
}
