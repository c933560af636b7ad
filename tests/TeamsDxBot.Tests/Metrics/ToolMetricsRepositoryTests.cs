using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeamsDxBot.Metrics;
using TeamsDxBot.Storage;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Metrics;

public sealed class ToolMetricsRepositoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Fails the n-th entity-group transaction the client sends, as a storage outage mid-upload would.</summary>
    private sealed class FailBatch(int failing) : HttpPipelinePolicy
    {
        private int batches;

        private void Check(HttpMessage message)
        {
            if (message.Request.Uri.ToString().Contains("$batch", StringComparison.Ordinal) && Interlocked.Increment(ref batches) == failing)
            {
                throw new RequestFailedException(503, "injected outage");
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message);
            return ProcessNextAsync(message, pipeline);
        }
    }

    private static async Task<ToolMetricsRepository> RepositoryAsync(HttpPipelinePolicy? policy = null)
    {
        var options = new TableClientOptions { Retry = { MaxRetries = 0 } };
        if (policy is not null)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }
        var tables = new Tables(new TableServiceClient(TestStorage.ConnectionString, options),
            Options.Create(new StorageOptions { ConnectionString = TestStorage.ConnectionString, TablePrefix = TestStorage.NewPrefix() }),
            [new TableRegistration(ToolMetricsRepository.TableName)]);
        await new TableInitializer(tables, NullLogger<TableInitializer>.Instance).StartAsync(default);
        return new ToolMetricsRepository(tables, NullLogger<ToolMetricsRepository>.Instance);
    }

    /// <summary>n rows: 5 departments per week, going back week by week from 2026-11-16.</summary>
    private static List<ToolMetric> Rows(int n, int activeUsers) => Enumerable.Range(0, n).Select(i => new ToolMetric
    {
        TenantId = "t",
        InitiativeId = "i",
        WeekStart = new DateOnly(2026, 11, 16).AddDays(-7 * (i / 5)),
        DepartmentId = i % 5 == 0 ? null : $"d{i % 5}",
        ActiveUsers = activeUsers,
        Source = "test",
        ReceivedAt = Now,
    }).ToList();

    [Fact]
    public async Task An_upload_above_100_rows_is_written_in_batches_and_replaces_what_it_sends_again()
    {
        var repository = await RepositoryAsync();

        var first = await repository.UpsertAsync("t", "i", Rows(250, 1), default);
        var again = await repository.UpsertAsync("t", "i", Rows(260, 2), default);

        Assert.Equal((250, 0), (first.Added, first.Replaced));
        Assert.Equal((10, 250), (again.Added, again.Replaced));
        var stored = await repository.ListAsync("t", "i", default);
        Assert.Equal(260, stored.Count);
        Assert.All(stored, m => Assert.Equal(2, m.ActiveUsers));
        Assert.Equal(stored.OrderBy(m => m.WeekStart).Select(m => m.WeekStart), stored.Select(m => m.WeekStart));
        Assert.Equal([null, "d1", "d2", "d3", "d4"], stored.Where(m => m.WeekStart == new DateOnly(2026, 11, 16)).Select(m => m.DepartmentId));
        Assert.Empty(await repository.ListAsync("t", "other", default));
    }

    [Fact]
    public async Task When_a_later_batch_fails_the_earlier_batches_are_put_back_as_they_were()
    {
        var policy = new FailBatch(failing: 3);
        var repository = await RepositoryAsync(policy);
        await repository.UpsertAsync("t", "i", Rows(10, 1), default); // batch 1

        // 150 rows: batch 2 (first 100, 10 of them replacing) succeeds, batch 3 fails.
        await Assert.ThrowsAsync<RequestFailedException>(() => repository.UpsertAsync("t", "i", Rows(150, 2), default));

        var stored = await repository.ListAsync("t", "i", default);
        Assert.Equal(10, stored.Count);
        Assert.All(stored, m => Assert.Equal(1, m.ActiveUsers));
    }
}
