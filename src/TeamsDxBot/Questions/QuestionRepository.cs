using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Questions;

/// <summary>Table "Questions". PartitionKey = tenant id, RowKey = question id. History is kept as JSON on the row.</summary>
public sealed class QuestionRepository(Tables tables)
{
    public const string TableName = "Questions";

    private TableClient Table => tables.Get(TableName);

    public async Task<Question?> GetAsync(string tenantId, string id, CancellationToken ct) =>
        (await Table.FindAsync<QuestionEntity>(tenantId, id, ct))?.ToQuestion();

    public async Task<IReadOnlyList<Question>> ListAsync(string tenantId, CancellationToken ct) =>
        (await Table.ReadPartitionAsync<QuestionEntity>(tenantId, ct)).Select(e => e.ToQuestion()).ToList();

    /// <summary>Unanswered questions (of every tenant) whose reminder or escalation may be due by <paramref name="horizon"/>.</summary>
    public async Task<IReadOnlyList<Question>> ListAwaitingAnswerAsync(DateTimeOffset horizon, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"(Status eq {"Open"} or Status eq {"Claimed"} or Status eq {"Reopened"}) and Escalated eq {false} and DueAt le {horizon}");
        var result = new List<Question>();
        await foreach (var e in Table.QueryAsync<QuestionEntity>(filter, cancellationToken: ct))
        {
            result.Add(e.ToQuestion());
        }
        return result;
    }

    /// <summary>Questions of every tenant still waiting for an answer, and how many of them are past due.</summary>
    public async Task<(int Open, int Overdue)> CountAwaitingAnswerAsync(DateTimeOffset now, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"Status eq {"Open"} or Status eq {"Claimed"} or Status eq {"Reopened"}");
        var (open, overdue) = (0, 0);
        await foreach (var e in Table.QueryAsync<QuestionEntity>(filter, select: ["DueAt"], cancellationToken: ct))
        {
            open++;
            if (e.DueAt <= now)
            {
                overdue++;
            }
        }
        return (open, overdue);
    }

    /// <summary>Questions (of every tenant) with changes whose messages are not yet queued.</summary>
    public async Task<IReadOnlyList<Question>> ListOwingNoticesAsync(CancellationToken ct)
    {
        var result = new List<Question>();
        await foreach (var e in Table.QueryAsync<QuestionEntity>(TableClient.CreateQueryFilter($"NoticesOwed gt {0}"), cancellationToken: ct))
        {
            result.Add(e.ToQuestion());
        }
        return result;
    }

    public async Task AddAsync(Question question, CancellationToken ct) =>
        await Table.AddEntityAsync(QuestionEntity.From(question), ct);

    /// <summary>
    /// Applies a state change decided on the current row and writes it with If-Match; a lost race is
    /// decided again on fresh data, so two key users answering at once cannot both win.
    /// </summary>
    public Task<(Question? Question, TResult Result)> UpdateAsync<TResult>(string tenantId, string id,
        Func<Question, (Question? Changed, TResult Result)> decide, TResult whenMissing, CancellationToken ct) =>
        OptimisticConcurrency.RunAsync<(Question?, TResult)>(async token =>
        {
            var current = await GetAsync(tenantId, id, token);
            if (current is null)
            {
                return (null, whenMissing);
            }
            var (changed, result) = decide(current);
            if (changed is null)
            {
                return (current, result);
            }
            var response = await Table.UpdateEntityAsync(QuestionEntity.From(changed), current.ETag, TableUpdateMode.Replace, token);
            return (changed with { ETag = response.Headers.ETag ?? default }, result);
        }, ct);

    private sealed class QuestionEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? AskerId { get; set; }
        public string? AskerName { get; set; }
        public string? DepartmentId { get; set; }
        public string? Text { get; set; }
        public bool Urgent { get; set; }
        public string? Status { get; set; }
        public string? AssigneeIds { get; set; }
        public string? ClaimedBy { get; set; }
        public string? AnsweredBy { get; set; }
        public string? Answer { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset DueAt { get; set; }
        public DateTimeOffset? FirstDueAt { get; set; }
        public int NoticesOwed { get; set; }
        public string? History { get; set; }
        public bool Nudged { get; set; }
        public bool Escalated { get; set; }
        public string? InitiativeId { get; set; }
        public string? InitiativeName { get; set; }

        public static QuestionEntity From(Question q) => new()
        {
            PartitionKey = q.TenantId,
            RowKey = q.Id,
            ETag = q.ETag,
            AskerId = q.AskerId,
            AskerName = q.AskerName,
            DepartmentId = q.DepartmentId,
            Text = q.Text,
            Urgent = q.Urgent,
            Status = q.Status.ToString(),
            AssigneeIds = string.Join(';', q.AssigneeIds),
            ClaimedBy = q.ClaimedBy,
            AnsweredBy = q.AnsweredBy,
            Answer = q.Answer,
            CreatedAt = q.CreatedAt,
            DueAt = q.DueAt,
            FirstDueAt = q.FirstDueAt,
            NoticesOwed = q.NoticesOwed,
            History = JsonSerializer.Serialize(q.History),
            Nudged = q.Nudged,
            Escalated = q.Escalated,
            InitiativeId = q.InitiativeId,
            InitiativeName = q.InitiativeName,
        };

        public Question ToQuestion() => new()
        {
            TenantId = PartitionKey,
            Id = RowKey,
            ETag = ETag,
            AskerId = AskerId ?? "",
            AskerName = AskerName ?? "",
            DepartmentId = DepartmentId,
            Text = Text ?? "",
            Urgent = Urgent,
            Status = Enum.TryParse<QuestionStatus>(Status, out var s) ? s : QuestionStatus.Open,
            AssigneeIds = (AssigneeIds ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries),
            ClaimedBy = ClaimedBy,
            AnsweredBy = AnsweredBy,
            Answer = Answer,
            CreatedAt = CreatedAt,
            DueAt = DueAt,
            FirstDueAt = FirstDueAt,
            NoticesOwed = NoticesOwed,
            History = History is null ? [] : JsonSerializer.Deserialize<List<QuestionEvent>>(History) ?? [],
            Nudged = Nudged,
            Escalated = Escalated,
            InitiativeId = InitiativeId,
            InitiativeName = InitiativeName,
        };
    }
}
