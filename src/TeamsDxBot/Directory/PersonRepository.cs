using Azure.Data.Tables;
using Azure;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

/// <summary>
/// Table "People". PartitionKey = tenant id, RowKey = the person's Entra object id (aadObjectId).
/// One partition per tenant keeps roster imports inside one entity-group transaction. Beside it, table
/// "PeopleVersions": PartitionKey = tenant id, RowKey "identities", an empty row rewritten whenever a person
/// is added or replaced (or removed, by the privacy deletion), whose ETag tells readers that keep everyone's
/// ids and departments in memory that they may have changed.
/// </summary>
public sealed class PersonRepository(Tables tables)
{
    public const string TableName = "People";
    public const string VersionsTableName = "PeopleVersions";
    private const string IdentitiesVersion = "identities";

    private TableClient Table => tables.Get(TableName);

    private TableClient Versions => tables.Get(VersionsTableName);

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
    /// Everyone's ids and department, and nothing else: for matching imported rows and for figures over the
    /// whole company, which would otherwise read every column of every person. Callers that keep the list
    /// read it again when <see cref="IdentitiesVersionAsync"/> changes.
    /// </summary>
    public async Task<IReadOnlyList<PersonIdentity>> ListIdentitiesAsync(string tenantId, CancellationToken ct)
    {
        var list = new List<PersonIdentity>();
        await foreach (var entity in Table.QueryAsync<PersonEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"),
            select: [nameof(PersonEntity.RowKey), nameof(PersonEntity.Email), nameof(PersonEntity.EmployeeId), nameof(PersonEntity.DepartmentId)],
            cancellationToken: ct))
        {
            list.Add(new PersonIdentity(entity.RowKey, entity.Email, entity.EmployeeId, entity.DepartmentId));
        }
        return list;
    }

    /// <summary>
    /// Changes (to a new value, never back) whenever someone joins or leaves the tenant's directory or their
    /// email, employee number or department may have changed; null while it never has.
    /// </summary>
    public async Task<string?> IdentitiesVersionAsync(string tenantId, CancellationToken ct)
    {
        try
        {
            return (await Versions.GetEntityIfExistsAsync<TableEntity>(tenantId, IdentitiesVersion, select: [nameof(ITableEntity.RowKey)], cancellationToken: ct))
                is { HasValue: true } row ? row.Value!.ETag.ToString() : null;
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            // No versions table yet (a repository used on its own table only): nothing has changed on record.
            return null;
        }
    }

    /// <summary>For writers outside this repository that remove people (privacy deletion).</summary>
    public async Task IdentitiesChangedAsync(string tenantId, CancellationToken ct)
    {
        var row = new TableEntity(tenantId, IdentitiesVersion);
        try
        {
            await Versions.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            await Versions.CreateIfNotExistsAsync(ct);
            await Versions.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
        }
    }

    private static bool SameIdentity(Person a, Person b) => a.Email == b.Email && a.EmployeeId == b.EmployeeId && a.DepartmentId == b.DepartmentId;

    /// <summary>Inserts a new person; returns null when someone else inserted them first.</summary>
    public async Task<Person?> TryAddAsync(Person person, CancellationToken ct)
    {
        try
        {
            var response = await Table.AddEntityAsync(PersonEntity.From(person), ct);
            await IdentitiesChangedAsync(person.TenantId, ct);
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
        var replaced = await ReplaceRowAsync(person, ct);
        // The caller's earlier version is not known here: the ids or the department may have changed.
        await IdentitiesChangedAsync(person.TenantId, ct);
        return replaced;
    }

    private async Task<Person> ReplaceRowAsync(Person person, CancellationToken ct)
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
            if (changed == current)
            {
                return current;
            }
            var replaced = await ReplaceRowAsync(changed, token);
            if (!SameIdentity(current, changed))
            {
                await IdentitiesChangedAsync(tenantId, token);
            }
            return replaced;
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
        await IdentitiesChangedAsync(people[0].TenantId, ct);
    }
}

/// <summary>A person's ids (Entra object id, email, employee number) and current department, nothing more.</summary>
public sealed record PersonIdentity(string AadObjectId, string? Email, string? EmployeeId, string? DepartmentId);

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
