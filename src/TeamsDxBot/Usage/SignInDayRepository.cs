using System.Globalization;
using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Usage;

/// <summary>
/// Table "SignInDays": which days of a week Entra saw a person sign in to an initiative's tool, so a day
/// read again, or a later day of the same week, merges instead of counting twice. PartitionKey =
/// "{tenantId}|{initiativeId}", RowKey = "{yyyy-MM-dd Monday}|{aadObjectId}"; Days has bit 0 for Monday
/// through bit 6 for Sunday (company time zone).
/// </summary>
public sealed class SignInDayRepository(Tables tables)
{
    public const string TableName = "SignInDays";
    private const int MaxBatch = 100;

    private TableClient Table => tables.Get(TableName);

    private static string PartitionKeyOf(string tenantId, string initiativeId) => tenantId + "|" + initiativeId;

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Person → days bits for the week starting on <paramref name="monday"/>.</summary>
    public async Task<Dictionary<string, int>> GetWeekAsync(string tenantId, string initiativeId, DateOnly monday, CancellationToken ct)
    {
        var prefix = Date(monday) + "|";
        // '}' sorts right after '|': "d|" .. "d}" is every key of the week.
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {PartitionKeyOf(tenantId, initiativeId)} and RowKey ge {prefix} and RowKey lt {Date(monday) + "}"}");
        var week = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var e in Table.QueryAsync<DaysEntity>(filter, cancellationToken: ct))
        {
            week[e.PersonId ?? e.RowKey[prefix.Length..]] = e.Days;
        }
        return week;
    }

    /// <summary>Stores the given people's days of the week as they are (the caller has merged them); safe to repeat.</summary>
    public async Task SaveWeekAsync(string tenantId, string initiativeId, DateOnly monday, IReadOnlyDictionary<string, int> days, CancellationToken ct)
    {
        var actions = days.Select(d => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new DaysEntity
        {
            PartitionKey = PartitionKeyOf(tenantId, initiativeId),
            RowKey = Date(monday) + "|" + d.Key,
            PersonId = d.Key,
            Days = d.Value,
        })).ToList();
        foreach (var chunk in actions.Chunk(MaxBatch))
        {
            await Table.SubmitTransactionAsync(chunk, ct);
        }
    }

    /// <summary>The person's days of use in every initiative of the tenant (a scan, for the rare personal-data export).</summary>
    public async Task<IReadOnlyList<(string InitiativeId, IReadOnlyList<DateOnly> Days)>> ListPersonEverywhereAsync(string tenantId, string personId, CancellationToken ct)
    {
        var list = new List<(string, IReadOnlyList<DateOnly>)>();
        await foreach (var e in Table.QueryAsync<DaysEntity>(PersonFilter(tenantId, personId), cancellationToken: ct))
        {
            var monday = DateOnly.ParseExact(e.RowKey[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            list.Add((e.PartitionKey[(tenantId.Length + 1)..], Enumerable.Range(0, 7).Where(i => (e.Days & (1 << i)) != 0).Select(monday.AddDays).ToList()));
        }
        return list;
    }

    /// <summary>Deletes every week of the person in every initiative of the tenant; safe to repeat.</summary>
    public async Task<int> DeletePersonAsync(string tenantId, string personId, CancellationToken ct)
    {
        var deleted = 0;
        await foreach (var e in Table.QueryAsync<DaysEntity>(PersonFilter(tenantId, personId), cancellationToken: ct))
        {
            await Table.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, ct);
            deleted++;
        }
        return deleted;
    }

    private static string PersonFilter(string tenantId, string personId) => TableClient.CreateQueryFilter(
        $"PartitionKey ge {tenantId + "|"} and PartitionKey lt {tenantId + "}"} and PersonId eq {personId}");

    private sealed class DaysEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? PersonId { get; set; }
        public int Days { get; set; }
    }
}
