using System.Globalization;
using Azure;
using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Initiatives;

/// <summary>What a promoter typed into the initiative card, before validation.</summary>
public sealed record InitiativeForm(string? Id, string? Name, string? GoLive, string? TargetPercent, string? TargetDate, string? DepartmentIds, string? NameEn = null,
    string? SignInAppId = null);

public sealed record InitiativeProblem(string Key, params object[] Args);

public sealed record InitiativeSaveResult(Initiative? Saved, bool Created, IReadOnlyList<InitiativeProblem> Problems);

public sealed class InitiativeService(InitiativeRepository initiatives, DepartmentRepository departments, TimeProvider time)
{
    public Task<IReadOnlyList<Initiative>> ListAsync(string tenantId, CancellationToken ct) => initiatives.ListAsync(tenantId, ct);

    public Task<Initiative?> GetAsync(string tenantId, string id, CancellationToken ct) => initiatives.GetAsync(tenantId, id, ct);

    public async Task<InitiativeSaveResult> SaveAsync(UserContext actor, InitiativeForm form, CancellationToken ct)
    {
        if (!actor.IsPromoter)
        {
            return Problem(nameof(Strings.Error_NotAllowed));
        }
        var fields = Read(form);
        var (known, existing) = await LoadAsync(actor.Person.TenantId, form.Id, ct);
        if (form.SignInAppId is null && existing is not null)
        {
            // A card from before the field existed sends no app id at all: that is not a request to turn reading off.
            fields = fields with { SignInAppId = existing.SignInAppId };
        }
        var problems = Validate(fields, known, form.Id, existing);
        if (problems.Count > 0)
        {
            return new(null, false, problems);
        }
        return await StoreAsync(Apply(actor, existing, fields), existing is null, ct);
    }

    private static InitiativeSaveResult Problem(string key) => new(null, false, [new(key)]);

    /// <summary>The form's values parsed; null where a value could not be read.</summary>
    private static InitiativeFields Read(InitiativeForm form)
    {
        var goLive = ParseDate(form.GoLive);
        DateOnly? targetDate = string.IsNullOrWhiteSpace(form.TargetDate) ? goLive?.AddMonths(Initiative.DefaultTargetMonths) : ParseDate(form.TargetDate);
        var departmentIds = (form.DepartmentIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        return new(form.Name?.Trim() ?? "", goLive, ParsePercent(form.TargetPercent), targetDate, departmentIds, form.NameEn?.Trim() ?? "",
            ParseAppId(form.SignInAppId));
    }

    /// <summary>The departments to check against and the initiative being edited (null: a new one, or not found).</summary>
    private async Task<(IReadOnlyDictionary<string, Department> Known, Initiative? Existing)> LoadAsync(string tenantId, string? id, CancellationToken ct)
    {
        var known = (await departments.ListAsync(tenantId, ct)).ToDictionary(d => d.Id);
        var existing = string.IsNullOrEmpty(id) ? null : await initiatives.GetAsync(tenantId, id, ct);
        return (known, existing);
    }

    private static List<InitiativeProblem> Validate(InitiativeFields fields, IReadOnlyDictionary<string, Department> known, string? id, Initiative? existing)
    {
        var problems = new List<InitiativeProblem>();
        if (fields.Name.Length == 0)
        {
            problems.Add(new(nameof(Strings.Initiative_NameRequired)));
        }
        else if (fields.Name.Length > Initiative.MaxNameLength)
        {
            problems.Add(new(nameof(Strings.Initiative_NameTooLong), Initiative.MaxNameLength));
        }
        if (fields.NameEn.Length > Initiative.MaxNameLength)
        {
            problems.Add(new(nameof(Strings.Initiative_NameEnTooLong), Initiative.MaxNameLength));
        }
        if (fields.GoLive is null)
        {
            problems.Add(new(nameof(Strings.Initiative_GoLiveInvalid)));
        }
        if (fields.TargetPercent is null)
        {
            problems.Add(new(nameof(Strings.Initiative_TargetInvalid)));
        }
        if (fields.TargetDate is null && fields.GoLive is not null)
        {
            problems.Add(new(nameof(Strings.Initiative_TargetDateInvalid)));
        }
        else if (fields.TargetDate is not null && fields.GoLive is not null && fields.TargetDate <= fields.GoLive)
        {
            problems.Add(new(nameof(Strings.Initiative_TargetDateBeforeGoLive)));
        }
        if (fields.SignInAppId is null)
        {
            problems.Add(new(nameof(Strings.Initiative_AppIdInvalid)));
        }
        problems.AddRange(DepartmentProblems(fields.DepartmentIds, known));
        if (!string.IsNullOrEmpty(id) && existing is null)
        {
            problems.Add(new(nameof(Strings.Initiative_NotFound)));
        }
        return problems;
    }

    private static IEnumerable<InitiativeProblem> DepartmentProblems(IReadOnlyList<string> departmentIds, IReadOnlyDictionary<string, Department> known)
    {
        foreach (var id in departmentIds)
        {
            if (!known.TryGetValue(id, out var d))
            {
                yield return new(nameof(Strings.Initiative_DepartmentUnknown), id);
            }
            else if (d.Archived)
            {
                yield return new(nameof(Strings.Initiative_DepartmentArchived), d.Name);
            }
        }
    }

    /// <summary>The validated fields on the initiative being edited, or on a new one.</summary>
    private Initiative Apply(UserContext actor, Initiative? existing, InitiativeFields fields) =>
        (existing ?? new Initiative
        {
            TenantId = actor.Person.TenantId,
            Id = Guid.NewGuid().ToString("N")[..12],
            Name = fields.Name,
            CreatedBy = actor.Person.AadObjectId,
            CreatedAt = time.GetUtcNow(),
        }) with
        {
            Name = fields.Name,
            NameEn = fields.NameEn,
            GoLive = fields.GoLive!.Value,
            TargetPercent = fields.TargetPercent!.Value,
            TargetDate = fields.TargetDate!.Value,
            DepartmentIds = fields.DepartmentIds.ToList(),
            SignInAppId = fields.SignInAppId!,
        };

    private async Task<InitiativeSaveResult> StoreAsync(Initiative initiative, bool created, CancellationToken ct)
    {
        try
        {
            if (created)
            {
                await initiatives.AddAsync(initiative, ct);
            }
            else
            {
                await initiatives.ReplaceAsync(initiative, ct);
            }
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return Problem(nameof(Strings.Initiative_ChangedMeanwhile));
        }
        return new(initiative, created, []);
    }

    /// <summary>Empty means the default; otherwise a whole number from 1 to 100, "%" allowed.</summary>
    private static int? ParsePercent(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Initiative.DefaultTargetPercent;
        }
        return decimal.TryParse(value.Trim().TrimEnd('%'), NumberStyles.Number, CultureInfo.InvariantCulture, out var p) && p == decimal.Truncate(p) && p is >= 1 and <= 100
            ? (int)p
            : null;
    }

    /// <summary>Empty means no sign-in reading; otherwise a GUID as Entra shows it (braces and case do not matter), stored lower-case.</summary>
    private static string? ParseAppId(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }
        return Guid.TryParse(value.Trim(), out var id) && id != Guid.Empty ? id.ToString("D") : null;
    }

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy/M/d", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
