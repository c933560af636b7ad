using System.Globalization;
using Azure;
using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Initiatives;

/// <summary>What a promoter typed into the initiative card, before validation.</summary>
public sealed record InitiativeForm(string? Id, string? Name, string? GoLive, string? TargetPercent, string? TargetDate, string? DepartmentIds);

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
        var tenantId = actor.Person.TenantId;
        var problems = new List<InitiativeProblem>();

        var name = form.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            problems.Add(new(nameof(Strings.Initiative_NameRequired)));
        }
        else if (name.Length > Initiative.MaxNameLength)
        {
            problems.Add(new(nameof(Strings.Initiative_NameTooLong), Initiative.MaxNameLength));
        }

        var goLive = ParseDate(form.GoLive);
        if (goLive is null)
        {
            problems.Add(new(nameof(Strings.Initiative_GoLiveInvalid)));
        }

        var percent = ParsePercent(form.TargetPercent);
        if (percent is null)
        {
            problems.Add(new(nameof(Strings.Initiative_TargetInvalid)));
        }

        DateOnly? targetDate = string.IsNullOrWhiteSpace(form.TargetDate) ? goLive?.AddMonths(Initiative.DefaultTargetMonths) : ParseDate(form.TargetDate);
        if (targetDate is null && goLive is not null)
        {
            problems.Add(new(nameof(Strings.Initiative_TargetDateInvalid)));
        }
        else if (targetDate is not null && goLive is not null && targetDate <= goLive)
        {
            problems.Add(new(nameof(Strings.Initiative_TargetDateBeforeGoLive)));
        }

        var departmentIds = (form.DepartmentIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var known = (await departments.ListAsync(tenantId, ct)).ToDictionary(d => d.Id);
        foreach (var id in departmentIds)
        {
            if (!known.TryGetValue(id, out var d))
            {
                problems.Add(new(nameof(Strings.Initiative_DepartmentUnknown), id));
            }
            else if (d.Archived)
            {
                problems.Add(new(nameof(Strings.Initiative_DepartmentArchived), d.Name));
            }
        }

        Initiative? existing = null;
        if (!string.IsNullOrEmpty(form.Id))
        {
            existing = await initiatives.GetAsync(tenantId, form.Id, ct);
            if (existing is null)
            {
                problems.Add(new(nameof(Strings.Initiative_NotFound)));
            }
        }
        if (problems.Count > 0)
        {
            return new(null, false, problems);
        }

        var initiative = (existing ?? new Initiative
        {
            TenantId = tenantId,
            Id = Guid.NewGuid().ToString("N")[..12],
            Name = name,
            CreatedBy = actor.Person.AadObjectId,
            CreatedAt = time.GetUtcNow(),
        }) with
        {
            Name = name,
            GoLive = goLive!.Value,
            TargetPercent = percent!.Value,
            TargetDate = targetDate!.Value,
            DepartmentIds = departmentIds,
        };
        try
        {
            if (existing is null)
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
        return new(initiative, existing is null, []);
    }

    private static InitiativeSaveResult Problem(string key) => new(null, false, [new(key)]);

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

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy/M/d", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
