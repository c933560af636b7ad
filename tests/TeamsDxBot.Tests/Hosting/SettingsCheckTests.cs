using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Hosting;

public sealed class SettingsCheckTests
{
    private static readonly string SigningKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray());

    private static async Task<BotProcess> RunAsync(Dictionary<string, string> environment)
    {
        environment.TryAdd("Storage__ConnectionString", TestStorage.ConnectionString);
        environment.TryAdd("Storage__TablePrefix", TestStorage.NewPrefix());
        var (bot, address) = await BotProcess.StartAsync(environment);
        Assert.Null(address);
        return bot;
    }

    private static void AssertNoStackTrace(BotProcess bot)
    {
        Assert.DoesNotContain(bot.Output, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain(bot.Output, line => line.Contains("Unhandled exception", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_nothing_set_outside_Development_the_process_names_every_missing_setting_in_one_line_and_exits_with_1()
    {
        await using var bot = await RunAsync(new() { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        Assert.Equal(1, bot.ExitCode);
        var line = Assert.Single(bot.Output, l => l.Contains("The bot cannot start", StringComparison.Ordinal) || l.Contains("Files:SigningKey", StringComparison.Ordinal));
        Assert.Contains("MicrosoftAppId", line);
        Assert.Contains("MicrosoftAppPassword", line);
        Assert.Contains("Files:SigningKey", line);
        AssertNoStackTrace(bot);
    }

    [Fact]
    public async Task Staging_with_a_signing_key_but_no_app_id_does_not_start()
    {
        await using var bot = await RunAsync(new() { ["ASPNETCORE_ENVIRONMENT"] = "Staging", ["Files__SigningKey"] = SigningKey });

        Assert.Equal(1, bot.ExitCode);
        var line = Assert.Single(bot.Output, l => l.Contains("The bot cannot start", StringComparison.Ordinal));
        Assert.Contains("MicrosoftAppId", line);
        Assert.DoesNotContain("Files:SigningKey", line);
        AssertNoStackTrace(bot);
    }

    [Fact]
    public async Task With_every_setting_given_the_process_starts()
    {
        var (bot, address) = await BotProcess.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Staging",
            ["Files__SigningKey"] = SigningKey,
            ["MicrosoftAppId"] = "00000000-0000-0000-0000-000000000001",
            ["MicrosoftAppPassword"] = "secret",
            ["Storage__ConnectionString"] = TestStorage.ConnectionString,
            ["Storage__TablePrefix"] = TestStorage.NewPrefix(),
            ["Delivery__RunEngine"] = "false",
        });
        await using var running = bot;
        Assert.NotNull(address);
        Assert.Null(bot.ExitCode);
    }
}
