using System.Net.Mail;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

/// <summary>A problem with the pasted roster; Line 0 means the roster as a whole.</summary>
public sealed record RosterProblem(int Line, string Key, params object[] Args);

public sealed record RosterChange(int Line, Person Before, Person After, Department Department, Role Role);

public sealed record RosterImportResult(IReadOnlyList<RosterProblem> Problems, IReadOnlyList<RosterChange> Changes, int Unchanged)
{
    public bool Applied => Problems.Count == 0;
}

/// <summary>
/// "email,department,role,employee_id" pasted by a promoter (role and employee id optional). Every row is validated before anything is written;
/// one bad row means nothing is applied.
/// </summary>
public sealed class RosterImport(PersonRepository people, DepartmentRepository departments, ILogger<RosterImport> logger)
{
    public const int MaxRows = 2000;
    public const int MaxLength = 200_000;
    public const int MaxEmployeeIdLength = 40;

    private static readonly ConflictRetry Retry = new(maxAttempts: 5, TimeSpan.FromMilliseconds(20), Polly.DelayBackoffType.Exponential,
        e => e is Azure.Data.Tables.TableTransactionFailedException { Status: 412 });

    private sealed record Row(int Line, string Email, string Department, string Role, string EmployeeId);

    private sealed record Planned(Row Row, Person Person, Department Department, Role Role);

    public async Task<RosterImportResult> ImportAsync(UserContext actor, string? csv, CancellationToken ct)
    {
        if (CheckRequest(actor, csv) is { } refused)
        {
            return Fail(refused);
        }
        var (rows, problems) = Parse(csv!);
        if (CheckSize(rows, problems) is { } tooBig)
        {
            return Fail(tooBig);
        }
        var tenantId = actor.Person.TenantId;
        var directory = await LoadAsync(tenantId, ct);
        var planned = Plan(rows, directory, problems);
        if (problems.Count > 0)
        {
            return Fail([.. problems.OrderBy(p => p.Line)]);
        }
        var changes = await ApplyAsync(tenantId, planned, ct);
        logger.LogInformation("Roster import by {Actor} changed {Changed} of {Rows} people", actor.Person.AadObjectId, changes.Count, rows.Count);
        return new RosterImportResult([], changes, rows.Count - changes.Count);
    }

    /// <summary>Who may import and whether there is a roster to read at all.</summary>
    private static RosterProblem? CheckRequest(UserContext actor, string? csv) =>
        !actor.IsPromoter ? new RosterProblem(0, nameof(Strings.Error_NotAllowed))
        : string.IsNullOrWhiteSpace(csv) ? new RosterProblem(0, nameof(Strings.Roster_Empty))
        : csv.Length > MaxLength ? new RosterProblem(0, nameof(Strings.Roster_TooLong), MaxLength)
        : null;

    private static RosterProblem? CheckSize(IReadOnlyList<Row> rows, IReadOnlyList<RosterProblem> problems) =>
        rows.Count == 0 && problems.Count == 0 ? new RosterProblem(0, nameof(Strings.Roster_Empty))
        : rows.Count > MaxRows ? new RosterProblem(0, nameof(Strings.Roster_TooManyRows), MaxRows)
        : null;

    /// <summary>The people by address and by employee id, and the departments by normalized name, as the rows name them.</summary>
    private sealed record DirectoryIndex(IReadOnlyDictionary<string, Person> ByEmail, IReadOnlyDictionary<string, Department> ByName,
        IReadOnlyDictionary<string, Person> ByEmployeeId);

    private async Task<DirectoryIndex> LoadAsync(string tenantId, CancellationToken ct)
    {
        var everyone = await people.ListAsync(tenantId, ct);
        var byEmail = everyone.Where(p => p.Email is not null).GroupBy(p => p.Email!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var byName = (await departments.ListAsync(tenantId, ct)).ToDictionary(d => Department.NormalizeName(d.Name));
        var byEmployeeId = everyone.Where(p => p.EmployeeId is not null).GroupBy(p => p.EmployeeId!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        return new DirectoryIndex(byEmail, byName, byEmployeeId);
    }

    /// <summary>Each row's change, or its problems added to <paramref name="problems"/>; every row is checked so all problems show at once.</summary>
    private static List<Planned> Plan(IReadOnlyList<Row> rows, DirectoryIndex directory, List<RosterProblem> problems)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var seenIds = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        // Who this import gives a (new) employee id: their old one is free for someone else in the same import.
        var renumbered = rows.Where(r => r.EmployeeId.Length > 0 && directory.ByEmail.ContainsKey(r.Email))
            .Select(r => directory.ByEmail[r.Email].AadObjectId).ToHashSet(StringComparer.Ordinal);
        var planned = new List<Planned>();
        foreach (var row in rows)
        {
            var rowProblems = new List<RosterProblem>();
            var person = CheckPerson(row, directory, seen, rowProblems);
            var department = CheckDepartment(row, directory, rowProblems);
            CheckEmployeeId(row, person, directory, seenIds, renumbered, rowProblems);
            var role = ParseRole(row.Role);
            if (role is null)
            {
                rowProblems.Add(new(row.Line, nameof(Strings.Roster_UnknownRole), row.Role));
            }
            if (rowProblems.Count > 0)
            {
                problems.AddRange(rowProblems);
            }
            else
            {
                planned.Add(new Planned(row, person!, department!, role!.Value));
            }
        }
        return planned;
    }

    private static Person? CheckPerson(Row row, DirectoryIndex directory, Dictionary<string, int> seen, List<RosterProblem> problems)
    {
        Person? person = null;
        if (row.Email.Length == 0)
        {
            problems.Add(new(row.Line, nameof(Strings.Roster_EmailMissing)));
        }
        else if (!MailAddress.TryCreate(row.Email, out _))
        {
            problems.Add(new(row.Line, nameof(Strings.Roster_EmailInvalid), row.Email));
        }
        else if (seen.TryGetValue(row.Email, out var firstLine))
        {
            problems.Add(new(row.Line, nameof(Strings.Roster_DuplicateEmail), row.Email, firstLine));
        }
        else if (!directory.ByEmail.TryGetValue(row.Email, out person))
        {
            problems.Add(new(row.Line, nameof(Strings.Roster_UnknownPerson), row.Email));
        }
        if (row.Email.Length > 0)
        {
            seen.TryAdd(row.Email, row.Line);
        }
        return person;
    }

    /// <summary>An employee id is optional; given, it is well-formed, once in the import and nobody else's.</summary>
    private static void CheckEmployeeId(Row row, Person? person, DirectoryIndex directory, Dictionary<string, int> seen, HashSet<string> renumbered, List<RosterProblem> problems)
    {
        var id = row.EmployeeId;
        if (id.Length == 0)
        {
            return;
        }
        if (id.Length > MaxEmployeeIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problems.Add(new(row.Line, nameof(Strings.Roster_EmployeeIdInvalid), id, MaxEmployeeIdLength));
        }
        else if (seen.TryGetValue(id, out var firstLine))
        {
            problems.Add(new(row.Line, nameof(Strings.Roster_DuplicateEmployeeId), id, firstLine));
        }
        else if (directory.ByEmployeeId.TryGetValue(id, out var holder) && holder.AadObjectId != person?.AadObjectId && !renumbered.Contains(holder.AadObjectId))
        {
            problems.Add(new(row.Line, nameof(Strings.Roster_EmployeeIdTaken), id, holder.DisplayName));
        }
        seen.TryAdd(id, row.Line);
    }

    private static Department? CheckDepartment(Row row, DirectoryIndex directory, List<RosterProblem> problems)
    {
        if (row.Department.Length == 0)
        {
            problems.Add(new(row.Line, nameof(Strings.Roster_DepartmentMissing)));
            return null;
        }
        if (!directory.ByName.TryGetValue(Department.NormalizeName(row.Department), out var department))
        {
            problems.Add(new(row.Line, nameof(Strings.Roster_UnknownDepartment), row.Department));
            return null;
        }
        if (department.Archived)
        {
            problems.Add(new(row.Line, nameof(Strings.Roster_DepartmentArchived), department.Name));
        }
        return department;
    }

    private static RosterImportResult Fail(params RosterProblem[] problems) => new(problems, [], 0);

    /// <summary>An empty employee id leaves the stored one as it is: a roster without the column changes no numbers.</summary>
    private static Person Apply(Person p, Planned row) =>
        DirectoryService.WithRole(p with { DepartmentId = row.Department.Id, EmployeeId = row.Row.EmployeeId.Length > 0 ? row.Row.EmployeeId : p.EmployeeId },
            row.Role, row.Department.Id, grant: true);

    /// <summary>
    /// Writes in entity-group transactions of up to 100 rows, each row guarded by its ETag. A chunk that
    /// lost a race is recomputed from fresh rows and retried, so every validated row ends up applied.
    /// </summary>
    private async Task<List<RosterChange>> ApplyAsync(string tenantId, IReadOnlyList<Planned> plan, CancellationToken ct)
    {
        var changes = new List<RosterChange>();
        var current = (await people.ListAsync(tenantId, ct)).ToDictionary(p => p.AadObjectId);
        foreach (var chunk in plan.Chunk(100))
        {
            changes.AddRange(await Retry.RunAsync(async (attempt, token) =>
            {
                if (attempt > 0)
                {
                    // Someone changed one of these people meanwhile: recompute the chunk from fresh rows.
                    logger.LogInformation("Roster chunk raced with another change; retrying (attempt {Attempt})", attempt);
                    current = (await people.ListAsync(tenantId, token)).ToDictionary(p => p.AadObjectId);
                }
                var chunkChanges = chunk
                    .Select(item => (item, before: current[item.Person.AadObjectId]))
                    .Select(x => new RosterChange(x.item.Row.Line, x.before, Apply(x.before, x.item), x.item.Department, x.item.Role))
                    .Where(c => !SameAssignments(c.Before, c.After))
                    .ToList();
                await people.ReplaceAllAsync(chunkChanges.Select(c => c.After).ToList(), token);
                return chunkChanges;
            }, ct));
        }
        return changes;
    }

    private static bool SameAssignments(Person a, Person b) =>
        a.DepartmentId == b.DepartmentId && a.EmployeeId == b.EmployeeId && a.IsExecutive == b.IsExecutive && a.IsPromoter == b.IsPromoter && a.KeyUserOf.SetEquals(b.KeyUserOf);

    private static (List<Row> Rows, List<RosterProblem> Problems) Parse(string csv)
    {
        var rows = new List<Row>();
        var problems = new List<RosterProblem>();
        using var reader = Cards.PastedCsv.Open(csv);
        var first = true;
        while (reader.Read())
        {
            var line = reader.Parser.RawRow;
            var fields = reader.Parser.Record ?? [];
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (first && IsHeader(fields))
            {
                first = false;
                continue;
            }
            first = false;
            if (fields.Length is < 2 or > 4)
            {
                problems.Add(new(line, nameof(Strings.Roster_WrongColumns), fields.Length));
                continue;
            }
            rows.Add(new Row(line, fields[0].Trim(), fields[1].Trim(), fields.Length > 2 ? fields[2].Trim() : "",
                fields.Length > 3 ? fields[3].Normalize(System.Text.NormalizationForm.FormKC).Trim() : ""));
        }
        return (rows, problems);
    }

    public static bool IsHeader(string[] fields) =>
        fields.Length > 0 && fields[0].Trim().ToLowerInvariant() is "email" or "e-mail" or "upn" or "メール" or "メールアドレス";

    /// <summary>
    /// Every label the import card and the bot's cards show for a role, in both languages ("一般社員",
    /// "キーユーザー（社内DX推進員）", "DX promoter"), plus the short forms people type.
    /// </summary>
    private static readonly Dictionary<string, Role> RoleLabels = BuildRoleLabels();

    private static Dictionary<string, Role> BuildRoleLabels()
    {
        var labels = new Dictionary<string, Role>(StringComparer.Ordinal);
        void Add(Role role, params string[] words)
        {
            foreach (var word in words)
            {
                labels[NormalizeRole(word)] = role;
            }
        }
        Add(Role.Staff, "", "staff", "一般", "社員", "スタッフ", "一般社員", "従業員");
        Add(Role.KeyUser, "keyuser", "キーユーザー", "dx推進員", "社内dx推進員");
        Add(Role.Promoter, "promoter", "dxpromoter", "推進担当", "dx推進担当", "推進担当者", "dx推進担当者");
        Add(Role.Executive, "executive", "経営者", "役員", "経営層");
        foreach (var t in new[] { Localization.Texts.Japanese, Localization.Texts.English })
        {
            Add(Role.Staff, t[nameof(Strings.Role_Staff)]);
            Add(Role.KeyUser, t[nameof(Strings.Role_KeyUser)]);
            Add(Role.Promoter, t[nameof(Strings.Role_Promoter)]);
            Add(Role.Executive, t[nameof(Strings.Role_Executive)]);
        }
        return labels;
    }

    private static string NormalizeRole(string value) => Cards.PastedCsv.Key(value);

    public static Role? ParseRole(string value) => RoleLabels.TryGetValue(NormalizeRole(value), out var role) ? role : null;
}
