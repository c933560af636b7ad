using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeamsDxBot.Storage;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Storage;

/// <summary>
/// Two writers on one set of Azurite tables. The first writer's client runs the second writer's change
/// just before the first entity-group transaction it sends, so that transaction always meets rows that
/// changed under it: the race happens every time, not only when timing allows.
/// </summary>
public sealed class RacingWriter : HttpPipelinePolicy
{
    private Func<Task>? interfere;
    private int batches;

    /// <summary>Entity-group transactions the first writer sent, retries included.</summary>
    public int Batches => batches;

    public Tables First { get; private set; } = null!;

    public Tables Second { get; private set; } = null!;

    public static async Task<RacingWriter> CreateAsync(params string[] tableNames)
    {
        var race = new RacingWriter();
        var options = new TableClientOptions();
        options.AddPolicy(race, HttpPipelinePosition.PerCall);
        var prefix = Options.Create(new StorageOptions { ConnectionString = TestStorage.ConnectionString, TablePrefix = TestStorage.NewPrefix() });
        var registrations = tableNames.Select(n => new TableRegistration(n)).ToArray();
        race.First = new Tables(new TableServiceClient(TestStorage.ConnectionString, options), prefix, registrations);
        race.Second = new Tables(new TableServiceClient(TestStorage.ConnectionString), prefix, registrations);
        await new TableInitializer(race.Second, NullLogger<TableInitializer>.Instance).StartAsync(default);
        return race;
    }

    /// <summary>The second writer's change, made once, right before the first writer's next transaction.</summary>
    public void BeforeNextBatch(Func<Task> change) => interfere = change;

    private async ValueTask BeforeAsync(HttpMessage message)
    {
        if (message.Request.Uri.ToString().Contains("$batch", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref batches);
            if (Interlocked.Exchange(ref interfere, null) is { } change)
            {
                await change();
            }
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        BeforeAsync(message).AsTask().GetAwaiter().GetResult();
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await BeforeAsync(message);
        await ProcessNextAsync(message, pipeline);
    }
}
