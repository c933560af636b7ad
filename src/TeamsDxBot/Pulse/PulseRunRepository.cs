using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Pulse;

/// <summary>
/// Table "PulseRuns". PartitionKey = tenant id, RowKey = run id ("{initiativeId}_{yyyyMMddHHmm}" for
/// scheduled pulses, "…_now{yyyyMMddHHmmss}" for run-now, "…_review{months}" for reviews), so one
/// partition read gives a tenant's whole history with each closed run's final figures.
/// </summary>
public sealed class PulseRunRepository(Tables tables)
{
    public const string TableName = "PulseRuns";

    // A string property holds at most 32K UTF-16 characters; comments give way first.
    private const int MaxSummaryChars = 30_000;

    private TableClient Table => tables.Get(TableName);

    public async Task<PulseRun?> GetAsync(string tenantId, string runId, CancellationToken ct) =>
        (await Table.FindAsync<Entity>(tenantId, runId, ct))?.ToRun();

    public async Task<IReadOnlyList<PulseRun>> ListAsync(string tenantId, CancellationToken ct) =>
        (await Table.ReadPartitionAsync<Entity>(tenantId, ct)).Select(e => e.ToRun()).OrderBy(r => r.LocalTime).ThenBy(r => r.CreatedAt).ToList();

    /// <summary>Runs of every tenant that still need work: open, not yet summarised, or not yet reported.</summary>
    public async Task<IReadOnlyList<PulseRun>> ListActiveAsync(CancellationToken ct)
    {
        var result = new List<PulseRun>();
        await foreach (var e in Table.QueryAsync<Entity>(e => e.Done == false, cancellationToken: ct))
        {
            result.Add(e.ToRun());
        }
        return result;
    }

    /// <summary>Runs of every tenant that closed before <paramref name="cutoff"/> (the answer retention job).</summary>
    public async Task<IReadOnlyList<PulseRun>> ListClosedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var result = new List<PulseRun>();
        await foreach (var e in Table.QueryAsync<Entity>(TableClient.CreateQueryFilter($"ClosesAt lt {cutoff}"), cancellationToken: ct))
        {
            result.Add(e.ToRun());
        }
        return result;
    }

    /// <summary>Takes the comments matching <paramref name="drop"/> out of the run's final figures; the counts stay.</summary>
    public Task DropSummaryCommentsAsync(string tenantId, string runId, Predicate<TallyComment> drop, CancellationToken ct) =>
        OptimisticConcurrency.RunAsync(async token =>
        {
            var run = await GetAsync(tenantId, runId, token);
            if (run?.Summary is not { } summary || summary.Departments.Values.Sum(t => t.Comments.RemoveAll(drop)) == 0)
            {
                return false;
            }
            await Table.UpdateEntityAsync(Entity.From(run), run.ETag, TableUpdateMode.Replace, token);
            return true;
        }, ct);

    /// <summary>False when another instance created the same run first.</summary>
    public async Task<bool> TryAddAsync(PulseRun run, CancellationToken ct)
    {
        try
        {
            await Table.AddEntityAsync(Entity.From(run), ct);
            return true;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return false;
        }
    }

    /// <summary>Replaces with If-Match; false when another instance changed it first.</summary>
    public async Task<bool> TryReplaceAsync(PulseRun run, CancellationToken ct)
    {
        try
        {
            await Table.UpdateEntityAsync(Entity.From(run), run.ETag, TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return false;
        }
    }

    internal static string SummaryJson(RunTally summary)
    {
        var json = summary.ToJson();
        while (json.Length > MaxSummaryChars && summary.Departments.Values.Any(t => t.Comments.Count > 0))
        {
            foreach (var tally in summary.Departments.Values.Where(t => t.Comments.Count > 0))
            {
                tally.Comments.RemoveAt(0);
            }
            json = summary.ToJson();
        }
        return json;
    }

    private sealed class Entity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? InitiativeId { get; set; }
        public string? ToolName { get; set; }
        public string? ToolNameEn { get; set; }
        public string? Kind { get; set; }
        public int? Milestone { get; set; }
        public string? LocalTime { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset ClosesAt { get; set; }
        public bool Anonymous { get; set; }
        public string? Questions { get; set; }
        public string? Invited { get; set; }
        public bool InvitationsWritten { get; set; }
        public int Shards { get; set; }
        public int ReminderCount { get; set; }
        public long ReminderDelayTicks { get; set; }
        public string? Summary { get; set; }
        public DateTimeOffset? ReportedAt { get; set; }
        public bool Done { get; set; }

        public static Entity From(PulseRun r) => new()
        {
            PartitionKey = r.TenantId,
            RowKey = r.Id,
            ETag = r.ETag,
            InitiativeId = r.InitiativeId,
            ToolName = r.ToolName,
            ToolNameEn = r.ToolNameEn,
            Kind = r.Kind.ToString(),
            Milestone = r.Milestone,
            LocalTime = r.LocalTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
            CreatedAt = r.CreatedAt,
            ClosesAt = r.ClosesAt,
            Anonymous = r.Anonymous,
            Questions = JsonSerializer.Serialize(r.Questions),
            Invited = JsonSerializer.Serialize(r.Invited),
            InvitationsWritten = r.InvitationsWritten,
            Shards = r.Shards,
            ReminderCount = r.ReminderCount,
            ReminderDelayTicks = r.ReminderDelay.Ticks,
            Summary = r.Summary is null ? null : SummaryJson(r.Summary),
            ReportedAt = r.ReportedAt,
            Done = r.Summary is not null && r.ReportedAt is not null,
        };

        public PulseRun ToRun() => new()
        {
            TenantId = PartitionKey,
            Id = RowKey,
            ETag = ETag,
            InitiativeId = InitiativeId ?? "",
            ToolName = ToolName ?? "",
            ToolNameEn = ToolNameEn ?? "",
            Kind = Enum.TryParse<PulseRunKind>(Kind, out var k) ? k : PulseRunKind.Pulse,
            Milestone = Milestone,
            LocalTime = DateTime.ParseExact(LocalTime ?? "2000-01-01T00:00", "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
            CreatedAt = CreatedAt,
            ClosesAt = ClosesAt,
            Anonymous = Anonymous,
            Questions = JsonSerializer.Deserialize<List<PulseQuestion>>(Questions ?? "[]") ?? [],
            Invited = JsonSerializer.Deserialize<Dictionary<string, int>>(Invited ?? "{}") ?? [],
            InvitationsWritten = InvitationsWritten,
            Shards = Shards,
            ReminderCount = ReminderCount,
            ReminderDelay = TimeSpan.FromTicks(ReminderDelayTicks),
            Summary = Summary is null ? null : RunTally.FromJson(Summary),
            ReportedAt = ReportedAt,
        };
    }
}
