using Azure.Data.Tables;
using Azure;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

/// <summary>
/// Table "People". PartitionKey = tenant id, RowKey = the person's Entra object id (aadObjectId).
/// One partition per tenant keeps roster imports inside one entity-group transaction.
/// </summary>
public sealed class PersonRepository(Tables tables)
{
    public const string TableName = "People";

    private TableClient Table => tables.Get(TableName);

    public async Task<Person?> GetAsync(string tenantId, string aadObjectId, CancellationToken ct)
    {
        var entity = await Table.FindAsync<PersonEntity>(tenantId, aadObjectId, ct);
        return entity?.ToPerson();
    }

    public async Task<IReadOnlyList<Person>> ListAsync(string tenantId, CancellationToken ct)
    {
        var entities = await Table.ReadPartitionAsync<PersonEntity>(tenantId, ct);
        return entities.Select(e => e.ToPerson()).ToList();
    }

    /// <summary>
    /// Who is in which department, and nothing else: for figures over the whole company, which would
    /// otherwise read every column of every person.
    /// </summary>
    public async Task<IReadOnlyList<PersonDepartment>> ListDepartmentsAsync(string tenantId, CancellationToken ct)
    {
        var list = new List<PersonDepartment>();
        await foreach (var entity in Table.QueryAsync<PersonEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"),
            select: [nameof(PersonEntity.RowKey), nameof(PersonEntity.DepartmentId)], cancellationToken: ct))
        {
            list.Add(new PersonDepartment(entity.RowKey, entity.DepartmentId));
        }
        return list;
    }

    /// <summary>Inserts a new person; returns null when someone else inserted them first.</summary>
    public async Task<Person?> TryAddAsync(Person person, CancellationToken ct)
    {
        try
        {
            var response = await Table.AddEntityAsync(PersonEntity.From(person), ct);
            return person with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return null;
        }
    }

    /// <summary>Replaces the row only if it still has the ETag the caller read (412 otherwise).</summary>
    public async Task<Person> ReplaceAsync(Person person, CancellationToken ct)
    {
        var response = await Table.UpdateEntityAsync(PersonEntity.From(person), person.ETag, TableUpdateMode.Replace, ct);
        return person with { ETag = response.Headers.ETag ?? default };
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current row and writes it with If-Match, repeating on
    /// fresh data when another writer got there first. Returns null if the person does not exist.
    /// </summary>
    public Task<Person?> UpdateAsync(string tenantId, string aadObjectId, Func<Person, Person> change, CancellationToken ct) =>
        OptimisticConcurrency.RunAsync<Person?>(async token =>
        {
            var current = await GetAsync(tenantId, aadObjectId, token);
            if (current is null)
            {
                return null;
            }
            var changed = change(current);
            return changed == current ? current : await ReplaceAsync(changed, token);
        }, ct);

    /// <summary>Writes up to 100 people of one tenant atomically, each guarded by its ETag.</summary>
    public async Task ReplaceAllAsync(IReadOnlyList<Person> people, CancellationToken ct)
    {
        if (people.Count == 0)
        {
            return;
        }
        var actions = people.Select(p => new TableTransactionAction(TableTransactionActionType.UpdateReplace, PersonEntity.From(p), p.ETag));
        await Table.SubmitTransactionAsync(actions, ct);
    }
}

/// <summary>A person's id and current department, nothing more.</summary>
public sealed record PersonDepartment(string AadObjectId, string? DepartmentId);

internal sealed class PersonEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string? TeamsUserId { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Locale { get; set; }
    public string? TimeZone { get; set; }
    public string? PreferredLanguage { get; set; }
    public string? DepartmentId { get; set; }
    public string? EmployeeId { get; set; }
    public bool IsExecutive { get; set; }
    public bool IsPromoter { get; set; }
    public string? KeyUserOf { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ConversationId { get; set; }
    public string? BotId { get; set; }
    public string? ChannelId { get; set; }
    public string? Reachability { get; set; }
    public DateTimeOffset FirstSeen { get; set; }
    public DateTimeOffset LastSeen { get; set; }
    public DateTimeOffset? WelcomedAt { get; set; }
    public DateTimeOffset? UninstalledAt { get; set; }
    public string? PulsePausedUntil { get; set; }

    public static PersonEntity From(Person p) => new()
    {
        PartitionKey = p.TenantId,
        RowKey = p.AadObjectId,
        ETag = p.ETag,
        TeamsUserId = p.TeamsUserId,
        Name = p.Name,
        Email = p.Email,
        Locale = p.Locale,
        TimeZone = p.TimeZone,
        PreferredLanguage = p.PreferredLanguage,
        DepartmentId = p.DepartmentId,
        EmployeeId = p.EmployeeId,
        IsExecutive = p.IsExecutive,
        IsPromoter = p.IsPromoter,
        KeyUserOf = p.KeyUserOf.Count == 0 ? null : string.Join(';', p.KeyUserOf.Order(StringComparer.Ordinal)),
        ServiceUrl = p.Conversation?.ServiceUrl ?? p.ServiceUrl,
        ConversationId = p.Conversation?.ConversationId,
        BotId = p.Conversation?.BotId,
        ChannelId = p.Conversation?.ChannelId,
        Reachability = p.Reachability.ToString(),
        FirstSeen = p.FirstSeen,
        LastSeen = p.LastSeen,
        WelcomedAt = p.WelcomedAt,
        UninstalledAt = p.UninstalledAt,
        PulsePausedUntil = p.PulsePausedUntil?.ToString("O"),
    };

    public Person ToPerson() => new()
    {
        TenantId = PartitionKey,
        AadObjectId = RowKey,
        ETag = ETag,
        TeamsUserId = TeamsUserId,
        Name = Name ?? "",
        Email = Email,
        Locale = Locale,
        TimeZone = TimeZone,
        PreferredLanguage = PreferredLanguage,
        DepartmentId = DepartmentId,
        EmployeeId = EmployeeId,
        IsExecutive = IsExecutive,
        IsPromoter = IsPromoter,
        KeyUserOf = (KeyUserOf ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
        ServiceUrl = ServiceUrl,
        Conversation = ConversationId is null || ServiceUrl is null
            ? null
            : new ConversationAddress(ServiceUrl, ConversationId, BotId ?? "", ChannelId ?? "msteams"),
        Reachability = Enum.TryParse<Turns.Reachability>(Reachability, out var r) ? r : Turns.Reachability.Unknown,
        FirstSeen = FirstSeen,
        LastSeen = LastSeen,
        WelcomedAt = WelcomedAt,
        UninstalledAt = UninstalledAt,
        PulsePausedUntil = PulsePausedUntil is null ? null : DateOnly.ParseExact(PulsePausedUntil, "O"),
    };
}
