using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Reports;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Improvements;

public sealed record ImprovementForm(string? Id, string? InitiativeId, string? Title, string? Owner, string? Status, string? DepartmentIds, string? Source, string? ETag);

public sealed record ImprovementResult(Improvement? Item, IReadOnlyList<(string Key, object[] Args)> Problems, bool Stale = false);

/// <summary>Improvement items: created and updated by the promoter, announced to the departments concerned when done.</summary>
public sealed class ImprovementService(
    ImprovementRepository items,
    InitiativeRepository initiatives,
    DepartmentRepository departments,
    PersonRepository people,
    Outbox outbox,
    TimeProvider time,
    ILogger<ImprovementService> logger) : IOpenImprovements
{
    public async Task<ImprovementResult> SaveAsync(UserContext actor, ImprovementForm form, CancellationToken ct)
    {
        var tenantId = actor.Person.TenantId;
        var problems = new List<(string, object[])>();
        var title = form.Title?.Trim() ?? "";
        if (title.Length is 0 or > Improvement.MaxTitle)
        {
            problems.Add((nameof(Strings.Improvement_TitleInvalid), [Improvement.MaxTitle]));
        }
        var owner = form.Owner?.Trim() ?? "";
        if (owner.Length > Improvement.MaxOwner)
        {
            problems.Add((nameof(Strings.Improvement_OwnerTooLong), [Improvement.MaxOwner]));
        }
        var source = form.Source?.Trim() ?? "";
        if (source.Length > Improvement.MaxSource)
        {
            problems.Add((nameof(Strings.Improvement_SourceTooLong), [Improvement.MaxSource]));
        }
        if (!Enum.TryParse<ImprovementStatus>(form.Status ?? nameof(ImprovementStatus.Open), out var status) || !Enum.IsDefined(status))
        {
            problems.Add((nameof(Strings.Improvement_StatusInvalid), []));
        }
        var initiative = form.InitiativeId is { Length: > 0 } iid ? await initiatives.GetAsync(tenantId, iid, ct) : null;
        if (initiative is null)
        {
            problems.Add((nameof(Strings.Initiative_NotFound), []));
        }
        var known = (await departments.ListAsync(tenantId, ct)).ToDictionary(d => d.Id);
        var departmentIds = (form.DepartmentIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (departmentIds.Any(d => !known.ContainsKey(d)))
        {
            problems.Add((nameof(Strings.Error_CardOutdated), []));
        }
        Improvement? existing = null;
        if (form.Id is { Length: > 0 } id)
        {
            existing = await items.GetAsync(tenantId, id, ct);
            if (existing is null)
            {
                problems.Add((nameof(Strings.Improvement_NotFound), []));
            }
        }
        if (problems.Count > 0)
        {
            return new ImprovementResult(null, problems);
        }
        var now = time.GetUtcNow();
        if (existing is null)
        {
            var created = new Improvement
            {
                TenantId = tenantId,
                Id = Guid.NewGuid().ToString("N")[..12],
                InitiativeId = initiative!.Id,
                Title = title,
                Owner = owner,
                Status = status,
                DepartmentIds = departmentIds,
                Source = source,
                CreatedBy = actor.Person.AadObjectId,
                CreatedAt = now,
                UpdatedAt = now,
            };
            await items.AddAsync(created, ct);
            return new ImprovementResult(created, []);
        }
        if ((form.ETag ?? "") != existing.ETag.ToString())
        {
            return new ImprovementResult(existing, [], Stale: true);
        }
        var updated = existing with { InitiativeId = initiative!.Id, Title = title, Owner = owner, Status = status, DepartmentIds = departmentIds, Source = source, UpdatedAt = now };
        return await items.TryReplaceAsync(updated, ct)
            ? new ImprovementResult(await items.GetAsync(tenantId, existing.Id, ct), [])
            : new ImprovementResult(await items.GetAsync(tenantId, existing.Id, ct), [], Stale: true);
    }

    public enum AnnounceResult
    {
        Sent,
        NotDone,
        AlreadySent,
        EmptyMessage,
        NobodyToTell,
        NotFound,
    }

    /// <summary>"You said, we did": tells the departments concerned what changed because of what they said.</summary>
    public async Task<(AnnounceResult Result, int Recipients)> AnnounceAsync(UserContext actor, string? id, string? message, CancellationToken ct)
    {
        var tenantId = actor.Person.TenantId;
        var item = id is { Length: > 0 } ? await items.GetAsync(tenantId, id, ct) : null;
        if (item is null)
        {
            return (AnnounceResult.NotFound, 0);
        }
        if (item.Status != ImprovementStatus.Done)
        {
            return (AnnounceResult.NotDone, 0);
        }
        if (item.AnnouncedAt is not null)
        {
            return (AnnounceResult.AlreadySent, 0);
        }
        var text = message?.Trim() ?? "";
        if (text.Length is 0 or > Improvement.MaxMessage)
        {
            return (AnnounceResult.EmptyMessage, 0);
        }
        var initiative = await initiatives.GetAsync(tenantId, item.InitiativeId, ct);
        var scope = item.DepartmentIds.Count > 0 ? item.DepartmentIds : initiative?.DepartmentIds ?? [];
        var audience = (await people.ListAsync(tenantId, ct))
            .Where(p => p.CanBeMessaged)
            .Where(p => scope.Count == 0 || (p.DepartmentId is { } d && scope.Contains(d)))
            .ToList();
        if (audience.Count == 0)
        {
            return (AnnounceResult.NobodyToTell, 0);
        }
        var messageId = $"improvement:{tenantId}:{item.Id}";
        await outbox.EnqueueAsync(messageId, null, audience.Select(p => new SendRequest(messageId, p.AadObjectId, Recipient.For(p),
            new MessageContent(null, ImprovementCards.YouSaidWeDid(PersonTexts.For(p), item, initiative?.Name ?? "", text, actor.Person.DisplayName)))).ToList(),
            actor.Person.AadObjectId, ct);
        // The outbox de-duplicates by message id, so a retry after a lost write below sends nothing twice.
        await items.TryReplaceAsync(item with { AnnouncedAt = time.GetUtcNow() }, ct);
        logger.LogInformation("Improvement {Id} announced to {Count} people", item.Id, audience.Count);
        return (AnnounceResult.Sent, audience.Count);
    }

    public async Task<IReadOnlyList<string>> OpenAsync(Initiative initiative, Localization.Texts t, CancellationToken ct) =>
        (await items.ListAsync(initiative.TenantId, ct))
            .Where(i => i.InitiativeId == initiative.Id && i.Status != ImprovementStatus.Done)
            .Select(i => i.Owner.Length > 0
                ? $"{i.Title}（{ImprovementCards.StatusText(t, i.Status)} · {i.Owner}）"
                : $"{i.Title}（{ImprovementCards.StatusText(t, i.Status)}）")
            .ToList();
}
