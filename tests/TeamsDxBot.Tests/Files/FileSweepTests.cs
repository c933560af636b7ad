using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsDxBot.Files;
using TeamsDxBot.Storage;
using TeamsDxBot.Tests.Infrastructure;
using FileOptions = TeamsDxBot.Files.FileOptions;

namespace TeamsDxBot.Tests.Files;

public sealed class FileSweepTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero));

    private FileStore NewStore(Tables tables)
    {
        var options = Options.Create(new FileOptions());
        return new FileStore(tables, new FileSigner(Options.Create(new TeamsDxBot.Security.SecurityOptions())), options, clock, NullLogger<FileStore>.Instance);
    }

    private static async Task<List<TableEntity>> RowsAsync(Tables tables)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in tables.Get(FileStore.TableName).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            rows.Add(row);
        }
        return rows;
    }

    private static string IdOf(Uri url) => url.Segments[2].TrimEnd('/');

    [Fact]
    public async Task The_sweep_deletes_every_row_of_expired_files_and_nothing_else()
    {
        var tables = await TestStorage.CreateAsync(FileStore.TableName);
        var store = NewStore(tables);
        var old = await store.PublishAsync("t", "old.csv", "text/csv", new byte[FileStore.ChunkBytes * 2 + 5], default);
        clock.Advance(TimeSpan.FromDays(3));
        var recent = new byte[FileStore.ChunkBytes + 7];
        new Random(1).NextBytes(recent);
        var kept = await store.PublishAsync("t", "recent.csv", "text/csv", recent, default);

        clock.Advance(TimeSpan.FromDays(5)); // old: 8 days, recent: 5 days
        Assert.Equal(1, await store.SweepAsync(default));

        var rows = await RowsAsync(tables);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(IdOf(kept), r.PartitionKey));
        Assert.Null(await store.FindAsync(IdOf(old), default));
        var file = await store.FindAsync(IdOf(kept), default);
        var read = new List<byte>();
        await foreach (var part in store.ReadAsync(file!, default))
        {
            read.AddRange(part.ToArray());
        }
        Assert.Equal(recent, read);
        Assert.Equal(0, await store.SweepAsync(default));
    }

    [Fact]
    public async Task Two_instances_sweeping_at_once_both_finish_and_remove_everything_expired()
    {
        var tables = await TestStorage.CreateAsync(FileStore.TableName);
        var first = NewStore(tables);
        var second = NewStore(tables);
        for (var i = 0; i < 6; i++)
        {
            await first.PublishAsync("t", $"f{i}.csv", "text/csv", new byte[i * FileStore.ChunkBytes / 2 + 1], default);
        }
        Assert.Equal(1 + 1 + 2 + 2 + 3 + 3, (await RowsAsync(tables)).Count);
        clock.Advance(TimeSpan.FromDays(7));

        var counts = await Task.WhenAll(first.SweepAsync(default), second.SweepAsync(default));

        Assert.Empty(await RowsAsync(tables));
        Assert.InRange(counts.Sum(), 6, 12);
        Assert.Equal(0, await first.SweepAsync(default));
    }

    [Fact]
    public async Task Chunks_of_a_publish_that_never_finished_are_swept_too()
    {
        var tables = await TestStorage.CreateAsync(FileStore.TableName);
        var store = NewStore(tables);
        // What a crash between the data chunks and chunk 0 leaves behind.
        await tables.Get(FileStore.TableName).AddEntityAsync(new TableEntity("0123456789abcdef0123456789abcdef", "00001")
        {
            ["ExpiresAt"] = clock.GetUtcNow().AddDays(7),
            ["D0"] = new byte[] { 1, 2, 3 },
        });

        clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await store.SweepAsync(default));
        Assert.Empty(await RowsAsync(tables));
    }

    [Fact]
    public async Task The_hosted_sweep_runs_on_the_host_clock()
    {
        await using var host = await BotTestHost.StartAsync(settings: new Dictionary<string, string> { ["Files:SweepInterval"] = "01:00:00" });
        var store = host.Get<FileStore>();
        var id = IdOf(await store.PublishAsync(BotTestHost.TenantId, "chart.png", "image/png", new byte[] { 1 }, default));
        Assert.NotNull(await store.FindAsync(id, default));

        host.Clock.Advance(TimeSpan.FromDays(7));
        // The sweep loop starts on its own thread; each hour moved on releases its next delay.
        for (var i = 0; i < 200 && await store.FindAsync(id, default) is not null; i++)
        {
            host.Clock.Advance(TimeSpan.FromHours(1));
            await Task.Delay(50);
        }
        Assert.Null(await store.FindAsync(id, default));
    }
}
