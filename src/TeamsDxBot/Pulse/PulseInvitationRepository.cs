using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Pulse;

/// <summary>
/// Table "PulseInvitations". PartitionKey = "{tenantId}|{runId}", RowKey = the person's aadObjectId:
/// one partition per run, so a run's invitations are written 100 at a time in transactions.
/// </summary>
public sealed class PulseInvitationRepository(Tables tables)
{
    public const string TableName = "PulseInvitations";

    private TableClient Table => tables.Get(TableName);

    private static string Partition(string tenantId, string runId) => $"{tenantId}|{runId}";

    public async Task<PulseInvitation?> GetAsync(string tenantId, string runId, string aadObjectId, CancellationToken ct) =>
        (await Table.FindAsync<Entity>(Partition(tenantId, runId), aadObjectId, ct))?.ToInvitation();

    public async Task<IReadOnlyList<PulseInvitation>> ListAsync(string tenantId, string runId, CancellationToken ct) =>
        (await Table.ReadPartitionAsync<Entity>(Partition(tenantId, runId), ct)).Select(e => e.ToInvitation()).ToList();

    /// <summary>Invitations whose survey is due to go out and has not been.</summary>
    public async Task<IReadOnlyList<PulseInvitation>> ListDueAsync(string tenantId, string runId, DateTimeOffset now, CancellationToken ct)
    {
        var partition = Partition(tenantId, runId);
        var result = new List<PulseInvitation>();
        await foreach (var e in Table.QueryAsync<Entity>(e => e.PartitionKey == partition && e.Sent == false && e.SendAt <= now, cancellationToken: ct))
        {
            result.Add(e.ToInvitation());
        }
        return result;
    }

    /// <summary>Sent invitations that may be due a reminder: sent long enough ago and not yet reminded enough.</summary>
    public async Task<IReadOnlyList<PulseInvitation>> ListReminderCandidatesAsync(string tenantId, string runId, DateTimeOffset sentBefore, int reminders, CancellationToken ct)
    {
        var partition = Partition(tenantId, runId);
        var result = new List<PulseInvitation>();
        await foreach (var e in Table.QueryAsync<Entity>(e => e.PartitionKey == partition && e.Sent == true && e.RemindersSent < reminders && e.SendAt <= sentBefore, cancellationToken: ct))
        {
            result.Add(e.ToInvitation());
        }
        return result;
    }

    /// <summary>Writes invitations that are not there yet; ones another instance wrote are left as they are.</summary>
    public async Task AddAllAsync(IReadOnlyList<PulseInvitation> invitations, CancellationToken ct)
    {
        foreach (var chunk in invitations.Chunk(100))
        {
            try
            {
                await Table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add, Entity.From(i))), ct);
            }
            catch (TableTransactionFailedException e) when (e.IsConflict())
            {
                foreach (var invitation in chunk)
                {
                    try
                    {
                        await Table.AddEntityAsync(Entity.From(invitation), ct);
                    }
                    catch (RequestFailedException conflict) when (conflict.IsConflict())
                    {
                    }
                }
            }
        }
    }

    /// <summary>Writes changed invitations of one run with If-Match; rows someone else changed are skipped.</summary>
    public async Task ReplaceAllAsync(IReadOnlyList<PulseInvitation> invitations, CancellationToken ct)
    {
        foreach (var chunk in invitations.Chunk(100))
        {
            try
            {
                await Table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.UpdateReplace, Entity.From(i), i.ETag)), ct);
            }
            catch (TableTransactionFailedException e) when (e.IsPreconditionFailed())
            {
                foreach (var invitation in chunk)
                {
                    try
                    {
                        await Table.UpdateEntityAsync(Entity.From(invitation), invitation.ETag, TableUpdateMode.Replace, ct);
                    }
                    catch (RequestFailedException stale) when (stale.IsPreconditionFailed())
                    {
                    }
                }
            }
        }
    }

    private sealed class Entity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? DepartmentId { get; set; }
        public DateTimeOffset SendAt { get; set; }
        public DateTimeOffset ClosesAt { get; set; }
        public bool Sent { get; set; }
        public int RemindersSent { get; set; }

        public static Entity From(PulseInvitation i) => new()
        {
            PartitionKey = Partition(i.TenantId, i.RunId),
            RowKey = i.AadObjectId,
            ETag = i.ETag,
            DepartmentId = i.DepartmentId,
            SendAt = i.SendAt,
            ClosesAt = i.ClosesAt,
            Sent = i.Sent,
            RemindersSent = i.RemindersSent,
        };

        public PulseInvitation ToInvitation()
        {
            var split = PartitionKey.IndexOf('|', StringComparison.Ordinal);
            return new PulseInvitation
            {
                TenantId = PartitionKey[..split],
                RunId = PartitionKey[(split + 1)..],
                AadObjectId = RowKey,
                ETag = ETag,
                DepartmentId = DepartmentId ?? "",
                SendAt = SendAt,
                ClosesAt = ClosesAt,
                Sent = Sent,
                RemindersSent = RemindersSent,
            };
        }
    }
}
