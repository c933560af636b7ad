using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Pulse;

public sealed class PulseOptionsTests
{
    [Theory]
    [InlineData("Anonymity:Threshold", "2")]
    [InlineData("Pulse:AnonymityThreshold", "2")]
    [InlineData("Pulse:MonthlyReportCron", "monthly")]
    [InlineData("Nudges:DailyCap", "0")]
    public async Task The_bot_refuses_to_start_with_settings_that_would_break_the_rules(string key, string value)
    {
        var validation = await StartupFailure.ValidationAsync(async () =>
        {
            await using var host = await BotTestHost.StartAsync(settings: new Dictionary<string, string> { [key] = value });
        });
        var expected = key.Contains("Anonymity", StringComparison.Ordinal) ? typeof(TeamsDxBot.Anonymity.AnonymityOptions)
            : key.StartsWith("Pulse", StringComparison.Ordinal) ? typeof(TeamsDxBot.Pulse.PulseOptions) : typeof(TeamsDxBot.Nudges.NudgeOptions);
        Assert.Equal(expected, validation.OptionsType);
    }
}
