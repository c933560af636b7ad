using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Directory;

public enum DepartmentChange
{
    Done,
    NotFound,
    DuplicateName,
    Conflict,
}

/// <summary>
/// Table "Departments". PartitionKey = tenant id. Two kinds of rows:
/// RowKey "d|{departmentId}" is the department; RowKey "n|{normalized name}" reserves its name.
/// Both are written in one transaction so two departments can never share a name.
/// </summary>
public sealed class DepartmentRepository(Tables tables)
{
    public const string TableName = "Departments";

    private TableClient Table => tables.Get(TableName);

    private static string DepartmentKey(string id) => "d|" + id;

    // Hashed because names may contain characters a RowKey cannot (/, #, ?).
    private static string NameKey(string name) =>
        "n|" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Department.NormalizeName(name))))[..32];

    public async Task<IReadOnlyList<Department>> ListAsync(string tenantId, CancellationToken ct)
    {
        var rows = await Table.ReadPartitionAsync<DepartmentEntity>(tenantId, ct);
        return rows.Where(r => r.RowKey.StartsWith("d|", StringComparison.Ordinal))
            .Select(r => r.ToDepartment())
            .OrderBy(d => d.Name, StringComparer.CurrentCulture)
            .ToList();
    }

    public async Task<Department?> GetAsync(string tenantId, string id, CancellationToken ct) =>
        (await Table.FindAsync<DepartmentEntity>(tenantId, DepartmentKey(id), ct))?.ToDepartment();

    public async Task<(DepartmentChange Result, Department? Department)> CreateAsync(string tenantId, string name, DateTimeOffset now, CancellationToken ct)
    {
        var department = new Department(tenantId, Guid.NewGuid().ToString("N")[..12], name.Trim(), false, now);
        try
        {
            await Table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, DepartmentEntity.From(department)),
                new TableTransactionAction(TableTransactionActionType.Add, NameEntity.From(tenantId, name, department.Id)),
            ], ct);
            return (DepartmentChange.Done, await GetAsync(tenantId, department.Id, ct));
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return (DepartmentChange.DuplicateName, null);
        }
    }

    public async Task<DepartmentChange> RenameAsync(Department current, string newName, CancellationToken ct)
    {
        var renamed = current with { Name = newName.Trim() };
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, DepartmentEntity.From(renamed), current.ETag),
        };
        if (Department.NormalizeName(newName) != Department.NormalizeName(current.Name))
        {
            actions.Add(new(TableTransactionActionType.Delete, new NameEntity { PartitionKey = current.TenantId, RowKey = NameKey(current.Name) }, ETag.All));
            actions.Add(new(TableTransactionActionType.Add, NameEntity.From(current.TenantId, newName, current.Id)));
        }
        try
        {
            await Table.SubmitTransactionAsync(actions, ct);
            return DepartmentChange.Done;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return DepartmentChange.DuplicateName;
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 404)
        {
            return DepartmentChange.Conflict;
        }
    }

    public Task<DepartmentChange> SetArchivedAsync(Department current, bool archived, CancellationToken ct) =>
        ReplaceAsync(current with { Archived = archived }, current.ETag, ct);

    public Task<DepartmentChange> SetTimeZoneAsync(Department current, string? timeZone, CancellationToken ct) =>
        ReplaceAsync(current with { TimeZone = timeZone }, current.ETag, ct);

    private async Task<DepartmentChange> ReplaceAsync(Department changed, ETag etag, CancellationToken ct)
    {
        try
        {
            await Table.UpdateEntityAsync(DepartmentEntity.From(changed), etag, TableUpdateMode.Replace, ct);
            return DepartmentChange.Done;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return DepartmentChange.Conflict;
        }
    }

    /// <summary>The row that reserves a department's name.</summary>
    private sealed class NameEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? DepartmentId { get; set; }

        public static NameEntity From(string tenantId, string name, string departmentId) =>
            new() { PartitionKey = tenantId, RowKey = NameKey(name), DepartmentId = departmentId };
    }

    private sealed class DepartmentEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? Name { get; set; }
        public bool Archived { get; set; }
        public string? TimeZone { get; set; }
        public DateTimeOffset CreatedAt { get; set; }

        public static DepartmentEntity From(Department d) => new()
        {
            PartitionKey = d.TenantId,
            RowKey = DepartmentKey(d.Id),
            ETag = d.ETag,
            Name = d.Name,
            Archived = d.Archived,
            TimeZone = d.TimeZone,
            CreatedAt = d.CreatedAt,
        };

        public Department ToDepartment() =>
            new(PartitionKey, RowKey[2..], Name ?? "", Archived, CreatedAt) { ETag = ETag, TimeZone = TimeZone };
    }
}
