using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Diagnosis;

/// <summary>Thresholds out of range stop the bot at start, naming the setting, instead of diagnosing with nonsense.</summary>
public sealed class DiagnosisOptionsTests
{
    [Theory]
    [InlineData("Diagnosis:ToolFirst:MinSignals", "5", "MinSignals")]
    [InlineData("Diagnosis:OneOff:PeakDrop", "0", "PeakDrop")]
    [InlineData("Diagnosis:IsolatedPromoter:LandingOnPromoterShare", "1.5", "LandingOnPromoterShare")]
    [InlineData("Diagnosis:WindowDays", "2", "WindowDays")]
    public async Task A_threshold_out_of_range_refuses_to_start(string key, string value, string named)
    {
        var error = await StartupFailure.ValidationAsync(async () =>
        {
            await using var host = await BotTestHost.StartAsync(settings: new Dictionary<string, string> { [key] = value });
        });

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
