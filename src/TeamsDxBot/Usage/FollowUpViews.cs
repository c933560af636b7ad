using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Usage;

/// <summary>Draws the follow-up list for the person in the chat: which departments they may see, one card per initiative.</summary>
public sealed class FollowUpViews(FollowUpList list, DepartmentRepository departments)
{
    /// <summary>Key users, promoters and executives; staff have no list.</summary>
    public static bool MayRead(UserContext user) => user.IsPromoter || user.Has(Role.Executive) || user.Person.KeyUserOf.Count > 0;

    /// <summary>The departments of <paramref name="requested"/> this reader may see (key users: their own; promoters and executives: any), archived ones left out.</summary>
    public async Task<IReadOnlyList<string>> AllowedAsync(UserContext user, IEnumerable<string> requested, CancellationToken ct)
    {
        var open = (await departments.ListAsync(user.Person.TenantId, ct)).Where(d => !d.Archived).Select(d => d.Id).ToHashSet();
        return requested.Distinct().Where(open.Contains).Where(id => FollowUpList.MayRead(user.Person, user.Roles, id)).ToList();
    }

    /// <summary>One card per initiative covering the departments; says so when no usage has been imported.</summary>
    public async Task ShowAsync(TurnRequest request, IReadOnlyList<string> scope, CancellationToken ct)
    {
        var shown = 0;
        var initiatives = await list.InitiativesForAsync(request.TenantId, scope, ct);
        foreach (var initiative in initiatives)
        {
            if (await CardAsync(request.User, initiative, scope, ct) is { } card)
            {
                await request.ReplyAsync(card, ct);
                shown++;
            }
        }
        if (shown == 0)
        {
            await request.ReplyAsync(initiatives.Count == 0 ? request.T[nameof(Strings.FollowUp_NoInitiatives)]
                : request.T.Format(nameof(Strings.FollowUp_NoData), string.Join(request.T.IsEnglish ? ", " : "、", initiatives.Select(i => i.NameFor(request.T.IsEnglish)))), ct);
        }
    }

    /// <summary>Null when no usage has been imported for the initiative.</summary>
    public async Task<JObject?> CardAsync(UserContext user, Initiative initiative, IReadOnlyList<string> scope, CancellationToken ct)
    {
        var snapshot = await list.LoadAsync(initiative, ct);
        if (snapshot is null)
        {
            return null;
        }
        var covered = scope.Where(id => initiative.DepartmentIds.Count == 0 || initiative.DepartmentIds.Contains(id)).ToList();
        return FollowUpCards.List(user.T, list.View(snapshot, covered, list.NamesFor(user.Person, user.Roles, scope)), list.MaxRows);
    }
}
