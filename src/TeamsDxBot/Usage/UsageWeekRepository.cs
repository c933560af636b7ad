using System.Globalization;
using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Usage;

/// <summary>How a replacement landed: rows written and earlier rows of the same weeks that are gone.</summary>
public sealed record UsageWrite(int Stored, int Removed);

/// <summary>
/// Table "UsageWeeks". PartitionKey = "{tenantId}|{initiativeId}". Each person-week is kept twice in that
/// partition, so both reads are one range scan: RowKey "w|{yyyy-MM-dd Monday}|{aadObjectId}" (everyone's
/// weeks from a given Monday on, in week order) and RowKey "p|{aadObjectId}|{yyyy-MM-dd Monday}" (one
/// person's weeks). Both copies of a person-week go into the same entity-group transaction.
/// </summary>
/// <remarks>
/// A replacement of some weeks is written in transactions of at most 100 rows (the Table service's
/// limit). If a later transaction fails, the earlier ones are put back as they were before this import;
/// only if that fails too (storage gone mid-import) can part of an import remain, which is logged as an error.
/// </remarks>
public sealed class UsageWeekRepository(Tables tables, ILogger<UsageWeekRepository> logger)
{
    public const string TableName = "UsageWeeks";
    public const int MaxBatch = 100;
    private const string WeekPrefix = "w|";
    private const string PersonPrefix = "p|";
    // '}' sorts right after '|', so "x|" .. "x}" is exactly every key starting with "x|".
    private const char AfterSeparator = '}';

    private TableClient Table => tables.Get(TableName);

    public static string PartitionKeyOf(string tenantId, string initiativeId) => tenantId + "|" + initiativeId;

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string WeekRowKey(DateOnly week, string personId) => WeekPrefix + Date(week) + "|" + personId;

    public static string PersonRowKey(string personId, DateOnly week) => PersonPrefix + personId + "|" + Date(week);

    /// <summary>Everyone's weeks of the initiative from <paramref name="fromWeek"/> on, oldest first.</summary>
    public Task<IReadOnlyList<UsageWeek>> ListFromAsync(string tenantId, string initiativeId, DateOnly fromWeek, CancellationToken ct) =>
        RangeAsync(PartitionKeyOf(tenantId, initiativeId), WeekPrefix + Date(UsageWeek.MondayOf(fromWeek)), "w" + AfterSeparator, ct);

    /// <summary>One person's weeks of the initiative, oldest first.</summary>
    public Task<IReadOnlyList<UsageWeek>> ListPersonAsync(string tenantId, string initiativeId, string personId, CancellationToken ct) =>
        RangeAsync(PartitionKeyOf(tenantId, initiativeId), PersonPrefix + personId + "|", PersonPrefix + personId + AfterSeparator, ct);

    /// <summary>
    /// Every week of the person in every initiative of the tenant, for a personal-data export. This scans the
    /// tenant's partitions (filtered on the stored person id); it is for the rare export, not for cards.
    /// </summary>
    public async Task<IReadOnlyList<UsageWeek>> ListPersonEverywhereAsync(string tenantId, string personId, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {tenantId + "|"} and PartitionKey lt {tenantId + AfterSeparator} and RowKey ge {PersonPrefix} and RowKey lt {"p" + AfterSeparator} and PersonId eq {personId}");
        var list = new List<UsageWeek>();
        await foreach (var entity in Table.QueryAsync<UsageEntity>(filter, cancellationToken: ct))
        {
            list.Add(entity.ToWeek());
        }
        return list;
    }

    /// <summary>Deletes both copies of every week of the person in the tenant; safe to repeat. Returns the person-weeks deleted.</summary>
    public async Task<int> DeletePersonAsync(string tenantId, string personId, CancellationToken ct)
    {
        var weeks = await ListPersonEverywhereAsync(tenantId, personId, ct);
        foreach (var initiative in weeks.GroupBy(w => PartitionKeyOf(w.TenantId, w.InitiativeId)))
        {
            var actions = initiative.SelectMany(UsageEntity.Both)
                .Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)).ToList();
            foreach (var chunk in actions.Chunk(MaxBatch))
            {
                try
                {
                    await Table.SubmitTransactionAsync(chunk, ct);
                }
                catch (TableTransactionFailedException e) when (e.Status == 404)
                {
                    // A deletion cut short left one copy: delete what is still there, one row at a time.
                    foreach (var action in chunk)
                    {
                        await Table.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, ETag.All, ct);
                    }
                }
            }
        }
        return weeks.Count;
    }

    private async Task<IReadOnlyList<UsageWeek>> RangeAsync(string partition, string from, string before, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {before}");
        var list = new List<UsageWeek>();
        await foreach (var entity in Table.QueryAsync<UsageEntity>(filter, cancellationToken: ct))
        {
            list.Add(entity.ToWeek());
        }
        return list;
    }

    /// <summary>
    /// Makes <paramref name="weeks"/> of the initiative hold exactly <paramref name="usage"/>: person-weeks in
    /// those weeks that the new rows do not name are removed. Every row must be in one of the weeks.
    /// </summary>
    public async Task<UsageWrite> ReplaceWeeksAsync(string tenantId, string initiativeId, IReadOnlyCollection<DateOnly> weeks,
        IReadOnlyList<UsageWeek> usage, CancellationToken ct)
    {
        var partition = PartitionKeyOf(tenantId, initiativeId);
        if (usage.Any(u => PartitionKeyOf(u.TenantId, u.InitiativeId) != partition || !weeks.Contains(u.WeekStart)))
        {
            throw new ArgumentException("Every row belongs to the initiative and to one of the replaced weeks.", nameof(usage));
        }
        var before = new Dictionary<string, UsageEntity>(StringComparer.Ordinal);
        foreach (var week in weeks)
        {
            var prefix = WeekPrefix + Date(week) + "|";
            foreach (var old in await RangeAsync(partition, prefix, WeekPrefix + Date(week) + AfterSeparator, ct))
            {
                foreach (var entity in UsageEntity.Both(old))
                {
                    before[entity.RowKey] = entity;
                }
            }
        }
        var after = usage.SelectMany(UsageEntity.Both).ToList();
        var afterKeys = after.Select(e => e.RowKey).ToHashSet(StringComparer.Ordinal);
        var removed = before.Values.Where(e => !afterKeys.Contains(e.RowKey)).ToList();
        // Both copies of a person-week are adjacent, so they land in the same transaction.
        var actions = after.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e))
            .Concat(removed.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)))
            .ToList();
        var done = new List<TableTransactionAction>();
        try
        {
            foreach (var chunk in actions.Chunk(MaxBatch))
            {
                await Table.SubmitTransactionAsync(chunk, ct);
                done.AddRange(chunk);
            }
        }
        catch (Exception e) when (done.Count > 0)
        {
            logger.LogWarning(e, "Usage import for {Partition} failed after {Written} of {Rows} changes; undoing them", partition, done.Count, actions.Count);
            await UndoAsync(partition, done, before);
            throw;
        }
        return new UsageWrite(usage.Count, removed.Count / 2);
    }

    private async Task UndoAsync(string partition, List<TableTransactionAction> done, Dictionary<string, UsageEntity> before)
    {
        var undo = done.Select(a => before.TryGetValue(a.Entity.RowKey, out var old)
            ? new TableTransactionAction(TableTransactionActionType.UpsertReplace, old)
            : new TableTransactionAction(TableTransactionActionType.Delete, a.Entity, ETag.All)).ToList();
        foreach (var chunk in undo.Chunk(MaxBatch))
        {
            try
            {
                // Not the caller's token: a cancelled request must not leave half an import behind.
                await Table.SubmitTransactionAsync(chunk, CancellationToken.None);
            }
            catch (Exception e) when (e is RequestFailedException or TableTransactionFailedException)
            {
                logger.LogError(e, "Could not undo {Rows} usage rows of a failed import in {Partition}; they remain stored", chunk.Length, partition);
            }
        }
    }

    private sealed class UsageEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? TenantId { get; set; }
        public string? InitiativeId { get; set; }
        public string? PersonId { get; set; }
        public string? Week { get; set; }
        public int ActiveDays { get; set; }
        public string? LastActive { get; set; }
        public int? Uses { get; set; }
        public string? Source { get; set; }
        public DateTimeOffset ReceivedAt { get; set; }

        /// <summary>The week-ordered copy and the person-ordered copy of one person-week.</summary>
        public static IEnumerable<UsageEntity> Both(UsageWeek u)
        {
            yield return From(u, WeekRowKey(u.WeekStart, u.PersonId));
            yield return From(u, PersonRowKey(u.PersonId, u.WeekStart));
        }

        private static UsageEntity From(UsageWeek u, string rowKey) => new()
        {
            PartitionKey = PartitionKeyOf(u.TenantId, u.InitiativeId),
            RowKey = rowKey,
            TenantId = u.TenantId,
            InitiativeId = u.InitiativeId,
            PersonId = u.PersonId,
            Week = Date(u.WeekStart),
            ActiveDays = u.ActiveDays,
            LastActive = Date(u.LastActive),
            Uses = u.Uses,
            Source = u.Source,
            ReceivedAt = u.ReceivedAt,
        };

        public UsageWeek ToWeek() => new()
        {
            TenantId = TenantId ?? "",
            InitiativeId = InitiativeId ?? "",
            PersonId = PersonId ?? "",
            WeekStart = DateOnly.ParseExact(Week ?? "2000-01-03", "yyyy-MM-dd", CultureInfo.InvariantCulture),
            ActiveDays = ActiveDays,
            LastActive = DateOnly.ParseExact(LastActive ?? Week ?? "2000-01-03", "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Uses = Uses,
            Source = Source ?? "",
            ReceivedAt = ReceivedAt,
        };
    }
}
