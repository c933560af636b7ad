using Microsoft.Extensions.Options;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Pulse;

public sealed class PulseOptionsTests
{
    [Theory]
    [InlineData("Pulse:AnonymityThreshold", "2")]
    [InlineData("Pulse:MonthlyReportCron", "monthly")]
    [InlineData("Nudges:DailyCap", "0")]
    public async Task The_bot_refuses_to_start_with_settings_that_would_break_the_rules(string key, string value)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await BotTestHost.StartAsync(settings: new Dictionary<string, string> { [key] = value });
        });
        var chain = new List<Exception>();
        // The host may wrap the failure (AggregateException with several inner exceptions), so walk the whole tree.
        var pending = new Stack<Exception>([error]);
        while (pending.TryPop(out var e))
        {
            chain.Add(e);
            foreach (var inner in e is AggregateException many ? many.InnerExceptions : e.InnerException is { } one ? [one] : [])
            {
                pending.Push(inner);
            }
        }
        var validation = chain.OfType<OptionsValidationException>().SingleOrDefault();
        Assert.True(validation is not null, $"expected an options validation error, got: {string.Join(" <- ", chain.Select(e => $"{e.GetType().Name}: {e.Message}"))}");
        Assert.Equal(key.StartsWith("Pulse", StringComparison.Ordinal) ? typeof(TeamsDxBot.Pulse.PulseOptions) : typeof(TeamsDxBot.Nudges.NudgeOptions), validation.OptionsType);
    }
}
