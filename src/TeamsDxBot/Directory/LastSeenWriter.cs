using System.Threading.Channels;
using Azure.Data.Tables;
using Azure;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

/// <summary>
/// When a turn changes nothing about a person but the hour they were last seen, that write need not
/// hold up the turn: it is queued and written in the background, many people per transaction (only
/// the LastSeen column is merged). When a pulse goes out to everyone, this takes one storage write per
/// answer off the busiest minute. A crash loses at most a few LastSeen updates, nothing else.
/// </summary>
public sealed class LastSeenWriter(Tables tables, ILogger<LastSeenWriter> logger) : BackgroundService
{
    private readonly Channel<(string TenantId, string AadObjectId, DateTimeOffset At)> queue =
        Channel.CreateUnbounded<(string, string, DateTimeOffset)>(new UnboundedChannelOptions { SingleReader = true });

    private TableClient Table => tables.Get(PersonRepository.TableName);

    public void Record(Person person, DateTimeOffset at) => queue.Writer.TryWrite((person.TenantId, person.AadObjectId, at));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(string TenantId, string AadObjectId, DateTimeOffset At)>();
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < 5000 && queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            foreach (var tenant in batch.GroupBy(b => b.TenantId))
            {
                var latest = tenant.GroupBy(b => b.AadObjectId).Select(g => (AadObjectId: g.Key, At: g.Max(x => x.At))).ToList();
                foreach (var chunk in latest.Chunk(100))
                {
                    await WriteAsync(tenant.Key, chunk);
                }
            }
            batch.Clear();
            if (stoppingToken.IsCancellationRequested && !queue.Reader.TryPeek(out _))
            {
                break;
            }
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    private async Task WriteAsync(string tenantId, IReadOnlyList<(string AadObjectId, DateTimeOffset At)> people)
    {
        // A property bag for a partial merge: only LastSeen is written, the person's other columns stay.
        static TableEntity Row(string tenantId, (string AadObjectId, DateTimeOffset At) p) => new(tenantId, p.AadObjectId) { ["LastSeen"] = p.At };
        try
        {
            await Table.SubmitTransactionAsync(people.Select(p => new TableTransactionAction(TableTransactionActionType.UpdateMerge, Row(tenantId, p), ETag.All)), CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // One person deleted meanwhile fails the whole transaction: the others are written one by one.
            foreach (var person in people)
            {
                try
                {
                    await Table.UpdateEntityAsync(Row(tenantId, person), ETag.All, TableUpdateMode.Merge, CancellationToken.None);
                }
                catch (RequestFailedException e)
                {
                    logger.LogWarning(e, "LastSeen of {Person} not written", person.AadObjectId);
                }
            }
        }
    }
}
