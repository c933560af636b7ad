using TeamsDxBot.Privacy;
using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Tests.Pulse;
using static TeamsDxBot.Tests.Privacy.PrivacyTestKit;

namespace TeamsDxBot.Tests.Privacy;

public sealed class AnswerRetentionTests : IAsyncLifetime
{
    private PulseTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public async Task InitializeAsync()
    {
        kit = await PulseTestKit.StartAsync();
        await kit.SetUpCompanyAsync([]);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private IReadOnlyList<Answer> Answers(string prefix, int count) => Enumerable.Range(1, count)
        .Select(i => new Answer($"{prefix}-{i}", $"社員{i}", kit.Sales, RunAnswers(i, $"{prefix}のコメント{i}")))
        .ToList();

    /// <summary>Answers keyed by question id, as stored.</summary>
    public static Dictionary<string, string> RunAnswers(int i, string? comment) => new()
    {
        [PulseRoles.Usage] = i % 2 == 0 ? "daily" : "weekly",
        [PulseRoles.Ease] = (1 + i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
        [PulseRoles.Fallback] = i % 3 == 0 ? "yes" : "no",
        [PulseRoles.Comment] = comment ?? "",
    };

    [Fact]
    public async Task Answers_older_than_the_retention_are_deleted_and_the_report_figures_stay()
    {
        var now = Host.Clock.GetUtcNow();
        var old = await SeedRunAsync(Host, kit.Tool, "tool_old", now - TimeSpan.FromDays(401) - TimeSpan.FromHours(2), anonymous: true, Answers("old", 7));
        var recent = await SeedRunAsync(Host, kit.Tool, "tool_recent", now - TimeSpan.FromDays(399), anonymous: true, Answers("recent", 6));
        var oldReport = await ReportAsync(Host, kit.Tool, old.Id);
        var recentReport = await ReportAsync(Host, kit.Tool, recent.Id);
        var oldTally = (await Host.Get<PulseResponseRepository>().ReadTallyAsync(BotTestHost.TenantId, old.Id, default)).Departments[kit.Sales];
        Assert.Contains("old", string.Join(" ", old.Summary!.Departments[kit.Sales].Comments.Select(c => c.Text)));

        Assert.Equal(1, await Host.Get<AnswerRetention>().PurgeAsync(default));

        Assert.Empty(await kit.ResponsesAsync(old.Id));
        Assert.Equal(6, (await kit.ResponsesAsync(recent.Id)).Count);
        var after = (await Host.Get<PulseResponseRepository>().ReadTallyAsync(BotTestHost.TenantId, old.Id, default)).Departments[kit.Sales];
        Assert.Equal(oldTally.Respondents, after.Respondents);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(oldTally.Choices), System.Text.Json.JsonSerializer.Serialize(after.Choices));
        Assert.Empty(after.Comments);
        var summary = (await Host.Get<PulseRunRepository>().GetAsync(BotTestHost.TenantId, old.Id, default))!.Summary!.Departments[kit.Sales];
        Assert.Equal(7, summary.Respondents);
        Assert.Empty(summary.Comments);
        Assert.NotEmpty((await Host.Get<PulseRunRepository>().GetAsync(BotTestHost.TenantId, recent.Id, default))!.Summary!.Departments[kit.Sales].Comments);
        Assert.Equal(WithoutComments(oldReport), await ReportAsync(Host, kit.Tool, old.Id));
        Assert.Equal(recentReport, await ReportAsync(Host, kit.Tool, recent.Id));

        // Two days later the other run is past the retention too; the first is not purged again.
        Host.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await Host.Get<AnswerRetention>().PurgeAsync(default));
        Assert.Empty(await kit.ResponsesAsync(recent.Id));
        Assert.Equal(WithoutComments(recentReport), await ReportAsync(Host, kit.Tool, recent.Id));
        Assert.Equal(0, await Host.Get<AnswerRetention>().PurgeAsync(default));
    }

    [Fact]
    public async Task Two_instances_running_the_job_at_once_purge_each_run_once()
    {
        await using var second = await BotTestHost.StartAsync(tablePrefix: Host.TablePrefix, connector: Host.Connector);
        second.Clock.SetUtcNow(Host.Clock.GetUtcNow());
        var now = Host.Clock.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            await SeedRunAsync(Host, kit.Tool, $"tool_old{i}", now - TimeSpan.FromDays(410 + i), anonymous: true, Answers($"old{i}", 5));
        }
        var reports = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            reports.Add(await ReportAsync(Host, kit.Tool, $"tool_old{i}"));
        }

        var purged = await Task.WhenAll(Host.Get<AnswerRetention>().PurgeAsync(default), second.Get<AnswerRetention>().PurgeAsync(default));

        Assert.Equal(3, purged.Sum());
        for (var i = 0; i < 3; i++)
        {
            Assert.Empty(await kit.ResponsesAsync($"tool_old{i}"));
            Assert.Equal(WithoutComments(reports[i]), await ReportAsync(Host, kit.Tool, $"tool_old{i}"));
        }
    }

    /// <summary>The report as it reads once the comments are gone: the figures, and nothing under the comments heading.</summary>
    private static string WithoutComments(string report)
    {
        var start = report.IndexOf("\nコメント\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "the report showed no comments to begin with");
        var end = report.IndexOf("\n質問への対応状況", start, StringComparison.Ordinal);
        return report[..start] + report[end..];
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-1.00:00:00")]
    public async Task A_retention_shorter_than_a_day_stops_the_start(string retention)
    {
        var failure = await StartupFailure.ValidationAsync(async () =>
        {
            await using var host = await BotTestHost.StartAsync(settings: new Dictionary<string, string> { ["Privacy:AnswerRetention"] = retention });
        });
        Assert.Contains("Privacy:AnswerRetention", failure.Message);
    }
}
