using System.Text.Json;
using Azure.Data.Tables;
using Azure;
using TeamsDxBot.Audit;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Delivery;
using TeamsDxBot.Diagnosis;
using TeamsDxBot.Directory;
using TeamsDxBot.Nudges;
using TeamsDxBot.Pulse;
using TeamsDxBot.Questions;
using TeamsDxBot.Storage;
using TeamsDxBot.Usage;

namespace TeamsDxBot.Privacy;

/// <summary>
/// Everything stored about one person, for a promoter to export or delete. Rows that figures are built
/// from stay but lose the person's identity (questions, broadcast acknowledgements, deliveries); rows
/// that only describe the person go (directory row, named survey answers, invitations, nudge log).
/// Anonymous survey answers carry no id, only a keyed hash per run, so they cannot be found or told
/// apart and stay in the figures.
/// </summary>
/// <remarks>
/// A deletion first writes an "in progress" row (table JobMarks, PartitionKey = tenant id, RowKey =
/// "person-deletion|{aadObjectId}"); every step is safe to repeat, the directory row goes last and the
/// row is then marked done. A deletion cut short is finished by pressing delete again or by the next
/// retention run, which resumes every deletion still in progress.
/// </remarks>
public sealed class PersonData(Tables tables, PersonRepository people, Access access, QuestionRepository questions, PulseResponseRepository responses,
    UsageWeekRepository usage, SignInDayRepository signIns, FollowUpMarkRepository followUps, IAuditLog audit, TimeProvider time, ILogger<PersonData> logger)
{
    /// <summary>What replaces a deleted person's id and name in the rows that stay.</summary>
    public const string Placeholder = "deleted";

    private const string DeletionPrefix = "person-deletion|";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public async Task<byte[]> ExportAsync(string tenantId, string aadObjectId, CancellationToken ct)
    {
        var person = await people.GetAsync(tenantId, aadObjectId, ct);
        var tenantQuestions = await questions.ListAsync(tenantId, ct);
        var export = new Dictionary<string, object?>
        {
            ["exportedAt"] = time.GetUtcNow(),
            ["aadObjectId"] = aadObjectId,
            ["directory"] = person is null ? null : new
            {
                person.Name, person.Email, person.EmployeeId, person.TeamsUserId, person.Locale, person.TimeZone, person.PreferredLanguage, person.DepartmentId,
                Roles = access.RolesOf(person).Select(r => r.ToString()).Order(), person.KeyUserOf,
                Conversation = person.Conversation is null ? null : new { person.Conversation.ConversationId, person.Conversation.ServiceUrl },
                Reachability = person.Reachability.ToString(), person.FirstSeen, person.LastSeen, person.WelcomedAt, person.UninstalledAt, person.PulsePausedUntil,
            },
            ["departmentHistory"] = "No history is kept: only the current department (directory.DepartmentId).",
            ["questionsAsked"] = tenantQuestions.Where(q => q.AskerId == aadObjectId)
                .Select(q => new { q.Id, q.Text, q.CreatedAt, Status = q.Status.ToString(), q.Answer, q.InitiativeName }),
            ["questionsHandled"] = tenantQuestions.Where(q => q.AskerId != aadObjectId && Handled(q, aadObjectId))
                .Select(q => new { q.Id, q.Text, q.Answer, Claimed = q.ClaimedBy == aadObjectId, Answered = q.AnsweredBy == aadObjectId,
                    Events = q.History.Where(e => e.Actor == aadObjectId).Select(e => new { e.At, e.Kind, e.Note }) }),
            ["pulseAnswers"] = (await responses.NamedAsync(tenantId, aadObjectId, ct))
                .Select(r => new { r.RunId, r.Response.DepartmentId, r.Response.AnsweredAt, r.Response.Answers }),
            ["usageWeeks"] = (await usage.ListPersonEverywhereAsync(tenantId, aadObjectId, ct))
                .Select(w => new { w.InitiativeId, w.WeekStart, w.ActiveDays, w.LastActive, w.Uses }),
            ["signInDays"] = (await signIns.ListPersonEverywhereAsync(tenantId, aadObjectId, ct)).Select(w => new { w.InitiativeId, w.Days }),
            ["followUpMarks"] = (await followUps.ListPersonEverywhereAsync(tenantId, aadObjectId, ct))
                .Select(m => new { m.InitiativeId, About = m.Mark.PersonId == aadObjectId, SetBy = m.Mark.ById == aadObjectId ? "this person" : m.Mark.ByName, Kind = m.Mark.Kind.ToString(), m.Mark.At }),
            ["anonymousPulseAnswers"] = "Answers to anonymous surveys are stored without any identity and cannot be traced back to this person; they are not included and remain only in the aggregated figures.",
            ["pulseInvitations"] = (await RowsAsync(PulseInvitationRepository.TableName, ByRowKey(tenantId, aadObjectId), ct))
                .Select(e => new { Run = RunOf(e.PartitionKey), SendAt = e.GetDateTimeOffset("SendAt"), Sent = e.GetBoolean("Sent"), Reminders = e.GetInt32("RemindersSent") }),
            ["broadcastAcknowledgements"] = (await RowsAsync(BroadcastAckRepository.TableName, ByRowKey(tenantId, aadObjectId), ct))
                .Select(e => new { Broadcast = RunOf(e.PartitionKey), At = e.GetDateTimeOffset("At"), DepartmentId = e.GetString("DepartmentId") }),
            ["broadcastsAuthored"] = (await RowsAsync(BroadcastRepository.TableName, AuthoredBy(tenantId, aadObjectId), ct))
                .Select(e => new { Id = e.RowKey, Title = e.GetString("Title"), Status = e.GetString("Status"), e.Timestamp }),
            ["broadcastsAddressedByName"] = (await NamingAsync(tenantId, aadObjectId, ct))
                .Select(e => new { Id = e.RowKey, Title = e.GetString("Title"), Status = e.GetString("Status"), e.Timestamp }),
            ["recognitionAndDrafts"] = (await DiagnosisRowsAsync(tenantId, aadObjectId, ct))
                .Select(e => new { Key = e.RowKey, e.Timestamp, SentBy = e.GetString("By") == aadObjectId ? "this person" : "an executive", BroadcastId = e.GetString("BroadcastId") }),
            ["deliveries"] = (await RowsAsync(OutboxRepository.DeliveriesTable, DeliveriesOf(tenantId, aadObjectId), ct))
                .Select(e => new { Message = e.PartitionKey, Status = e.GetString("Status"), EnqueuedAt = e.GetDateTimeOffset("EnqueuedAt"), CompletedAt = e.GetDateTimeOffset("CompletedAt") }),
            ["nudges"] = (await NudgeRowsAsync(tenantId, aadObjectId, ct)).Select(e => new { Rule = e.GetString("Rule"), Period = e.GetString("Period"), SentAt = e.GetDateTimeOffset("SentAt") }),
            ["auditEntries"] = (await audit.AboutAsync(tenantId, aadObjectId, ct))
                .Select(e => new { e.At, e.Action, e.Target, By = e.ActorId == aadObjectId ? "this person" : e.ActorName, About = e.SubjectId == aadObjectId }),
        };
        return JsonSerializer.SerializeToUtf8Bytes(export, Json);
    }

    public async Task<bool> IsDeletingAsync(string tenantId, string aadObjectId, CancellationToken ct) =>
        (await Marks.GetEntityIfExistsAsync<DeletionMark>(tenantId, DeletionPrefix + aadObjectId, cancellationToken: ct)) is { HasValue: true } mark
        && mark.Value?.State == "InProgress";

    /// <summary>Deletes or anonymises every row about the person; repeating it (after a crash, or a second press) finishes the work.</summary>
    public async Task DeleteAsync(string tenantId, string aadObjectId, CancellationToken ct)
    {
        await Marks.UpsertEntityAsync(new DeletionMark { PartitionKey = tenantId, RowKey = DeletionPrefix + aadObjectId, State = "InProgress", StartedAt = time.GetUtcNow() },
            TableUpdateMode.Replace, ct);

        foreach (var question in (await questions.ListAsync(tenantId, ct)).Where(q => q.AskerId == aadObjectId || Handled(q, aadObjectId)))
        {
            await questions.UpdateAsync(tenantId, question.Id, q => (Anonymized(q, aadObjectId), true), false, ct);
        }
        var answers = await responses.DeleteNamedAsync(tenantId, aadObjectId, ct);
        await usage.DeletePersonAsync(tenantId, aadObjectId, ct);
        await signIns.DeletePersonAsync(tenantId, aadObjectId, ct);
        await followUps.DeletePersonAsync(tenantId, aadObjectId, Placeholder, ct);
        await DeleteAllAsync(PulseInvitationRepository.TableName, await RowsAsync(PulseInvitationRepository.TableName, ByRowKey(tenantId, aadObjectId), ct), ct);
        await DeleteAllAsync(NudgeLog.TableName, await NudgeRowsAsync(tenantId, aadObjectId, ct), ct);
        await DeleteAllAsync(NudgeCaps.TableName, await RowsAsync(NudgeCaps.TableName, TableClient.CreateQueryFilter($"PartitionKey eq {tenantId + "|" + aadObjectId}"), ct), ct);
        foreach (var ack in await RowsAsync(BroadcastAckRepository.TableName, ByRowKey(tenantId, aadObjectId), ct))
        {
            await RekeyAsync(tables.Get(BroadcastAckRepository.TableName), ack, ct);
        }
        foreach (var row in await RowsAsync(BroadcastRepository.TableName, AuthoredBy(tenantId, aadObjectId), ct))
        {
            // The author id stays with the organisation's own message (its schedule and report need it); the name goes.
            // A property bag for a partial merge of the one column.
            await tables.Get(BroadcastRepository.TableName).UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { ["AuthorName"] = Placeholder },
                ETag.All, TableUpdateMode.Merge, ct);
        }
        foreach (var row in await NamingAsync(tenantId, aadObjectId, ct))
        {
            var rest = Ids(row).Where(id => id != aadObjectId).ToList();
            await tables.Get(BroadcastRepository.TableName).UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey)
            {
                ["PersonIds"] = string.Join(';', rest.Count == 0 ? [Placeholder] : rest),
            }, ETag.All, TableUpdateMode.Merge, ct);
        }
        foreach (var row in await DiagnosisRowsAsync(tenantId, aadObjectId, ct))
        {
            // A thank-you to the person (or a draft offered to them) goes; one they sent stays for the month's claim, without their id.
            if (row.RowKey.EndsWith("|" + aadObjectId, StringComparison.Ordinal))
            {
                await DeleteAllAsync(DiagnosisSends.TableName, [row], ct);
            }
            else
            {
                await tables.Get(DiagnosisSends.TableName).UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { ["By"] = Placeholder },
                    ETag.All, TableUpdateMode.Merge, ct);
            }
        }
        var deliveries = tables.Get(OutboxRepository.DeliveriesTable);
        foreach (var row in await RowsAsync(OutboxRepository.DeliveriesTable, DeliveriesOf(tenantId, aadObjectId), ct))
        {
            // The row stays for the message's delivery report; what addressed the person goes (a partial merge, hence a property bag).
            await deliveries.UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey)
            {
                ["AadObjectId"] = Placeholder, ["RecipientKey"] = Placeholder, ["Request"] = "",
            }, ETag.All, TableUpdateMode.Merge, ct);
        }
        await audit.AnonymizeAsync(tenantId, aadObjectId, Placeholder, ct);
        try
        {
            await tables.Get(PersonRepository.TableName).DeleteEntityAsync(tenantId, aadObjectId, ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
        }
        await people.IdentitiesChangedAsync(tenantId, ct);
        await Marks.UpsertEntityAsync(new DeletionMark { PartitionKey = tenantId, RowKey = DeletionPrefix + aadObjectId, State = "Done", DoneAt = time.GetUtcNow() },
            TableUpdateMode.Replace, ct);
        logger.LogInformation("Deleted the data of a person of tenant {TenantId} ({Answers} named answers)", tenantId, answers);
    }

    /// <summary>Finishes deletions that were cut short (called by the retention job).</summary>
    public async Task<int> ResumeAsync(CancellationToken ct)
    {
        var resumed = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey ge {DeletionPrefix} and RowKey lt {"person-deletion}"} and State eq {"InProgress"}");
        await foreach (var mark in Marks.QueryAsync<DeletionMark>(filter, cancellationToken: ct))
        {
            await DeleteAsync(mark.PartitionKey, mark.RowKey[DeletionPrefix.Length..], ct);
            resumed++;
        }
        return resumed;
    }

    private TableClient Marks => tables.Get(JobMarks.TableName);

    private static bool Handled(Question q, string id) =>
        q.ClaimedBy == id || q.AnsweredBy == id || q.AssigneeIds.Contains(id) || q.History.Any(e => e.Actor == id);

    private static Question Anonymized(Question q, string id) => q with
    {
        AskerId = q.AskerId == id ? Placeholder : q.AskerId,
        AskerName = q.AskerId == id ? Placeholder : q.AskerName,
        ClaimedBy = q.ClaimedBy == id ? Placeholder : q.ClaimedBy,
        AnsweredBy = q.AnsweredBy == id ? Placeholder : q.AnsweredBy,
        AssigneeIds = q.AssigneeIds.Select(a => a == id ? Placeholder : a).ToList(),
        History = q.History.Select(e => e.Actor == id ? e with { Actor = Placeholder } : e).ToList(),
    };

    private static string ByRowKey(string tenantId, string aadObjectId) =>
        TableClient.CreateQueryFilter($"PartitionKey ge {tenantId + "|"} and PartitionKey lt {tenantId + "}"} and RowKey eq {aadObjectId}");

    private static string AuthoredBy(string tenantId, string aadObjectId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and AuthorId eq {aadObjectId}");

    private static string DeliveriesOf(string tenantId, string aadObjectId) =>
        TableClient.CreateQueryFilter($"TenantId eq {tenantId} and AadObjectId eq {aadObjectId}");

    private static string RunOf(string partitionKey) => partitionKey[(partitionKey.IndexOf('|') + 1)..];

    /// <summary>Broadcasts sent to this person by name (a thank-you to a key user).</summary>
    private async Task<List<TableEntity>> NamingAsync(string tenantId, string aadObjectId, CancellationToken ct) =>
        (await RowsAsync(BroadcastRepository.TableName, TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and PersonIds ne {""}"), ct))
            .Where(e => Ids(e).Contains(aadObjectId)).ToList();

    private static string[] Ids(TableEntity broadcast) => (broadcast.GetString("PersonIds") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Thank-yous claimed for this person or by them, and message drafts offered to them.</summary>
    private async Task<List<TableEntity>> DiagnosisRowsAsync(string tenantId, string aadObjectId, CancellationToken ct) =>
        (await RowsAsync(DiagnosisSends.TableName, TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), ct))
            .Where(e => e.RowKey.EndsWith("|" + aadObjectId, StringComparison.Ordinal) || e.GetString("By") == aadObjectId).ToList();

    private async Task<List<TableEntity>> NudgeRowsAsync(string tenantId, string aadObjectId, CancellationToken ct) =>
        (await RowsAsync(NudgeLog.TableName, TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), ct))
            .Where(e => e.RowKey.Split('|') is { Length: >= 2 } parts && parts[1] == aadObjectId).ToList();

    // Property bags on purpose: rows of other features' tables are exported, deleted or moved whole,
    // whatever their columns, without this class depending on each table's entity type.
    private async Task<List<TableEntity>> RowsAsync(string table, string filter, CancellationToken ct)
    {
        var result = new List<TableEntity>();
        await foreach (var e in tables.Get(table).QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            result.Add(e);
        }
        return result;
    }

    private async Task DeleteAllAsync(string table, IEnumerable<TableEntity> rows, CancellationToken ct)
    {
        foreach (var row in rows)
        {
            try
            {
                await tables.Get(table).DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
            }
            catch (RequestFailedException e) when (e.IsNotFound())
            {
            }
        }
    }

    /// <summary>
    /// Moves a row to an anonymous key in one transaction (delete and insert together), so the count it
    /// adds to stays and a repeat finds nothing left to move.
    /// </summary>
    private static async Task RekeyAsync(TableClient table, TableEntity row, CancellationToken ct)
    {
        var moved = new TableEntity(row) { RowKey = Placeholder + "-" + Guid.NewGuid().ToString("N"), ETag = default };
        moved.Remove("odata.etag");
        try
        {
            await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Delete, row, row.ETag),
                new TableTransactionAction(TableTransactionActionType.Add, moved),
            ], ct);
        }
        catch (TableTransactionFailedException e) when (e.IsNotFound() || e.IsPreconditionFailed())
        {
            // Moved meanwhile by a repeat of this deletion.
        }
    }

    /// <summary>A deletion in progress or done, in table "JobMarks": PartitionKey = tenant id, RowKey = "person-deletion|{aadObjectId}".</summary>
    private sealed class DeletionMark : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? State { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public DateTimeOffset? DoneAt { get; set; }
    }
}
