using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsDxBot.Audit;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.Files;
using TeamsDxBot.Improvements;
using TeamsDxBot.Nudges;
using TeamsDxBot.Questions;
using TeamsDxBot.Storage;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Storage;

/// <summary>
/// Rows in production tables must keep reading back: each repository's row is written through the
/// repository, then read raw (every column name, type and value as stored) and through the repository again.
/// </summary>
public sealed class StoredColumnsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 1, 2, 3, TimeSpan.Zero);

    private static async Task<TableEntity> SingleRowAsync(Tables tables, string table, string? rowKeyPrefix = null)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in tables.Get(table).QueryAsync<TableEntity>())
        {
            if (rowKeyPrefix is null || row.RowKey.StartsWith(rowKeyPrefix, StringComparison.Ordinal))
            {
                rows.Add(row);
            }
        }
        return Assert.Single(rows);
    }

    /// <summary>The stored columns other than the keys and the service's Timestamp, with their .NET types.</summary>
    private static Dictionary<string, object?> Columns(TableEntity row) =>
        row.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag") && !k.Contains("@odata", StringComparison.Ordinal))
            .ToDictionary(k => k, k => (object?)row[k]);

    private static void AssertColumns(TableEntity row, params (string Name, object? Value)[] expected)
    {
        var columns = Columns(row);
        Assert.Equal(expected.Select(e => e.Name).Order(), columns.Keys.Order());
        foreach (var (name, value) in expected)
        {
            Assert.Equal(value?.GetType(), columns[name]?.GetType());
            Assert.Equal(value, columns[name]);
        }
    }

    [Fact]
    public async Task Faq_entries_keep_their_columns()
    {
        var tables = await TestStorage.CreateAsync(FaqRepository.TableName);
        var faq = new FaqRepository(tables);
        var entry = new FaqEntry("t", "q1", "d1", "How?", "Like this.", true, "p1", At);

        await faq.SaveAsync(entry, default);

        var row = await SingleRowAsync(tables, FaqRepository.TableName);
        AssertColumns(row, ("DepartmentId", "d1"), ("Question", "How?"), ("Answer", "Like this."), ("CompanyWide", true), ("AddedBy", "p1"), ("AddedAt", At));
        Assert.Equal(entry, Assert.Single(await faq.ListAsync("t", default)));
    }

    [Fact]
    public async Task Improvements_keep_their_columns()
    {
        var tables = await TestStorage.CreateAsync(ImprovementRepository.TableName);
        var improvements = new ImprovementRepository(tables);
        var item = new Improvement
        {
            TenantId = "t", Id = "i1", InitiativeId = "init", Title = "Fewer clicks", Owner = "Sato", Status = ImprovementStatus.Done,
            DepartmentIds = ["d1", "d2"], Source = "too many clicks", CreatedBy = "p1", CreatedAt = At, UpdatedAt = At.AddHours(1), AnnouncedAt = At.AddHours(2),
        };

        await improvements.AddAsync(item, default);

        var row = await SingleRowAsync(tables, ImprovementRepository.TableName);
        AssertColumns(row, ("InitiativeId", "init"), ("Title", "Fewer clicks"), ("Owner", "Sato"), ("Status", "Done"), ("DepartmentIds", "d1;d2"),
            ("Source", "too many clicks"), ("CreatedBy", "p1"), ("CreatedAt", At), ("UpdatedAt", At.AddHours(1)), ("AnnouncedAt", At.AddHours(2)));
        var read = (await improvements.GetAsync("t", "i1", default))!;
        Assert.Equal(item with { ETag = read.ETag, DepartmentIds = read.DepartmentIds }, read);
        Assert.Equal(["d1", "d2"], read.DepartmentIds);
    }

    [Fact]
    public async Task Audit_entries_keep_their_columns()
    {
        var tables = await TestStorage.CreateAsync(AuditLog.TableName);
        var log = new AuditLog(tables, new FakeTimeProvider(At), NullLogger<AuditLog>.Instance);
        var actor = new UserContext(new Person { TenantId = "t", AadObjectId = "p1", Name = "Sato" }, new HashSet<Role> { Role.Promoter },
            TeamsDxBot.Localization.Texts.Japanese, false);

        await log.RecordAsync(actor, AuditAction.RoleGranted, "Suzuki: KeyUser", default, subjectId: "p2");

        var row = await SingleRowAsync(tables, AuditLog.TableName);
        AssertColumns(row, ("At", At), ("ActorId", "p1"), ("ActorName", "Sato"), ("Action", "RoleGranted"), ("Target", "Suzuki: KeyUser"), ("SubjectId", "p2"));
        var entry = Assert.Single((await log.ReadAsync("t", null, 10, default)).Entries);
        Assert.Equal(new AuditEntry(row.RowKey, At, "p1", "Sato", "RoleGranted", "Suzuki: KeyUser", "p2"), entry);
    }

    [Fact]
    public async Task Nudge_log_and_switches_keep_their_columns()
    {
        var tables = await TestStorage.CreateAsync(NudgeLog.TableName, NudgeSwitches.TableName);
        var log = new NudgeLog(tables);
        var entry = new NudgeLogEntry("rule", "p1", "Sato", "2026-W48", At);
        Assert.True(await log.TryClaimAsync("t", entry, default));
        var switches = new NudgeSwitches(tables);
        await switches.SetAsync("t", "rule", false, "p9", At, default);

        AssertColumns(await SingleRowAsync(tables, NudgeLog.TableName), ("Rule", "rule"), ("AadObjectId", "p1"), ("Name", "Sato"), ("Period", "2026-W48"), ("SentAt", At));
        Assert.Equal(entry, Assert.Single(await log.RecentAsync("t", At.AddDays(-1), 10, default)));
        Assert.True(await log.IsLoggedAsync("t", "rule", "p1", "2026-W48", default));
        AssertColumns(await SingleRowAsync(tables, NudgeSwitches.TableName), ("Enabled", false), ("ChangedBy", "p9"), ("ChangedAt", At));
        Assert.Equal(["rule"], await switches.OffAsync("t", default));
    }

    [Fact]
    public async Task Broadcast_acknowledgements_keep_their_columns()
    {
        var tables = await TestStorage.CreateAsync(BroadcastAckRepository.TableName);
        var acks = new BroadcastAckRepository(tables);
        var ack = new BroadcastAck("t", "b1", "p1", "d1", 3, At);

        Assert.True(await acks.TryAddAsync(ack, default));

        AssertColumns(await SingleRowAsync(tables, BroadcastAckRepository.TableName), ("DepartmentId", "d1"), ("Occurrence", 3), ("At", At));
        Assert.Equal(ack, Assert.Single(await acks.ListAsync("t", "b1", default)));
    }

    [Fact]
    public async Task Job_marks_leases_and_instance_heartbeats_keep_their_columns()
    {
        var tables = await TestStorage.CreateAsync(JobMarks.TableName, InstanceRegistry.TableName);
        var clock = new FakeTimeProvider(At);
        var marks = new JobMarks(tables, clock);
        await marks.MarkDoneAsync("t", "exec-monthly|2026-12", default);
        var lease = await marks.TryTakeLeaseAsync("retention", "instance-a", TimeSpan.FromMinutes(5), default);
        await new InstanceRegistry(tables, clock).HeartbeatAsync("instance-a", TimeSpan.FromMinutes(1), default);

        AssertColumns(await SingleRowAsync(tables, JobMarks.TableName, "exec-"), ("DoneAt", At));
        Assert.True(await marks.IsDoneAsync("t", "exec-monthly|2026-12", default));
        AssertColumns(await SingleRowAsync(tables, JobMarks.TableName, "lease|"), ("Owner", "instance-a"), ("Until", At.AddMinutes(5)));
        Assert.NotNull(lease);
        Assert.Null(await marks.TryTakeLeaseAsync("retention", "instance-b", TimeSpan.FromMinutes(5), default));
        AssertColumns(await SingleRowAsync(tables, InstanceRegistry.TableName), ("LastSeen", At));
    }

    [Fact]
    public async Task A_department_name_reservation_keeps_its_column()
    {
        var tables = await TestStorage.CreateAsync(DepartmentRepository.TableName);
        var departments = new DepartmentRepository(tables);
        var sales = (await departments.CreateAsync("t", "営業部", At, default)).Department!;

        AssertColumns(await SingleRowAsync(tables, DepartmentRepository.TableName, "n|"), ("DepartmentId", sales.Id));
        Assert.Equal(DepartmentChange.Done, await departments.RenameAsync(sales, "販売部", default));
        AssertColumns(await SingleRowAsync(tables, DepartmentRepository.TableName, "n|"), ("DepartmentId", sales.Id));
        Assert.Equal(DepartmentChange.DuplicateName, (await departments.CreateAsync("t", "販売部", At, default)).Result);
    }

    [Fact]
    public async Task A_published_file_keeps_its_columns_and_reads_back_whole()
    {
        var tables = await TestStorage.CreateAsync(FileStore.TableName);
        var store = new FileStore(tables, new FileSigner(Options.Create(new TeamsDxBot.Security.SecurityOptions())),
            Options.Create(new TeamsDxBot.Files.FileOptions()), new FakeTimeProvider(At), NullLogger<FileStore>.Instance);
        var content = Enumerable.Range(0, FileStore.PropertyBytes + 10).Select(i => (byte)(i % 251)).ToArray();

        var link = await store.PublishAsync("t", "chart.png", "image/png", content, default);

        var row = await SingleRowAsync(tables, FileStore.TableName);
        var expires = At + new TeamsDxBot.Files.FileOptions().Lifetime;
        Assert.Equal(content[..FileStore.PropertyBytes], row.GetBinary("D0"));
        Assert.Equal(content[FileStore.PropertyBytes..], row.GetBinary("D1"));
        row.Remove("D0");
        row.Remove("D1");
        AssertColumns(row, ("ExpiresAt", expires), ("TenantId", "t"), ("FileName", "chart.png"), ("ContentType", "image/png"),
            ("Size", (long)content.Length), ("ChunkCount", 1), ("CreatedAt", At));
        var file = (await store.FindAsync(link.Segments[^2].TrimEnd('/'), default))!;
        Assert.Equal(new StoredFile(file.Id, "t", "chart.png", "image/png", content.Length, 1, At, expires), file);
        var read = new List<byte>();
        await foreach (var part in store.ReadAsync(file, default))
        {
            read.AddRange(part.ToArray());
        }
        Assert.Equal(content, read);
    }
}
