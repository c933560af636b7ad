using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Usage;

/// <summary>
/// Table "FollowUpMarks". PartitionKey = "{tenantId}|{initiativeId}", RowKey = the person's aadObjectId: one
/// mark per person and initiative, replaced by the next one (last press wins), deleted to undo.
/// </summary>
public sealed class FollowUpMarkRepository(Tables tables)
{
    public const string TableName = "FollowUpMarks";

    private TableClient Table => tables.Get(TableName);

    private static string PartitionKeyOf(string tenantId, string initiativeId) => tenantId + "|" + initiativeId;

    public async Task<IReadOnlyDictionary<string, FollowUpMark>> ListAsync(string tenantId, string initiativeId, CancellationToken ct) =>
        (await Table.ReadPartitionAsync<MarkEntity>(PartitionKeyOf(tenantId, initiativeId), ct))
            .Where(e => Enum.TryParse<FollowUpMarkKind>(e.Kind, out _))
            .ToDictionary(e => e.RowKey, e => e.ToMark(), StringComparer.Ordinal);

    public async Task SetAsync(string tenantId, string initiativeId, FollowUpMark mark, CancellationToken ct) =>
        await Table.UpsertEntityAsync(new MarkEntity
        {
            PartitionKey = PartitionKeyOf(tenantId, initiativeId),
            RowKey = mark.PersonId,
            Kind = mark.Kind.ToString(),
            ById = mark.ById,
            ByName = mark.ByName,
            At = mark.At,
        }, TableUpdateMode.Replace, ct);

    /// <summary>Safe to repeat: a mark already gone is no error.</summary>
    public async Task ClearAsync(string tenantId, string initiativeId, string personId, CancellationToken ct)
    {
        try
        {
            await Table.DeleteEntityAsync(PartitionKeyOf(tenantId, initiativeId), personId, ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
        }
    }

    /// <summary>
    /// Every mark about the person or set by them, in any initiative of the tenant, for the personal-data
    /// export and deletion. Scans the tenant's partitions; for the rare request, not for cards.
    /// </summary>
    public async Task<IReadOnlyList<(string InitiativeId, FollowUpMark Mark)>> ListPersonEverywhereAsync(string tenantId, string personId, CancellationToken ct)
    {
        var result = new List<(string, FollowUpMark)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {tenantId + "|"} and PartitionKey lt {tenantId + "}"}");
        await foreach (var e in Table.QueryAsync<MarkEntity>(filter, cancellationToken: ct))
        {
            if ((e.RowKey == personId || e.ById == personId) && Enum.TryParse<FollowUpMarkKind>(e.Kind, out _))
            {
                result.Add((e.PartitionKey[(tenantId.Length + 1)..], e.ToMark()));
            }
        }
        return result;
    }

    /// <summary>
    /// For a personal-data deletion: marks about the person go; on marks they set, their id and name are
    /// replaced by <paramref name="placeholder"/> (the mark itself is the department's record). Safe to repeat.
    /// </summary>
    public async Task DeletePersonAsync(string tenantId, string personId, string placeholder, CancellationToken ct)
    {
        foreach (var (initiativeId, mark) in await ListPersonEverywhereAsync(tenantId, personId, ct))
        {
            if (mark.PersonId == personId)
            {
                await ClearAsync(tenantId, initiativeId, personId, ct);
            }
            else
            {
                // A property bag for a partial merge of the two columns.
                await Table.UpdateEntityAsync(new TableEntity(PartitionKeyOf(tenantId, initiativeId), mark.PersonId) { ["ById"] = placeholder, ["ByName"] = placeholder },
                    ETag.All, TableUpdateMode.Merge, ct);
            }
        }
    }

    private sealed class MarkEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? Kind { get; set; }
        public string? ById { get; set; }
        public string? ByName { get; set; }
        public DateTimeOffset? At { get; set; }

        public FollowUpMark ToMark() => new(RowKey, Enum.Parse<FollowUpMarkKind>(Kind!), ById ?? "", ByName ?? "", At ?? default);
    }
}
