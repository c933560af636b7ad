using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Usage;

/// <summary>
/// The follow-up list's buttons. A mark is checked against the presser's roles now, not against the card:
/// a card kept by someone who has since lost the department (or the right to see names) changes nothing.
/// </summary>
public sealed class FollowUpActions(FollowUpViews views, FollowUpList list, FollowUpMarkRepository marks, InitiativeRepository initiatives, PersonRepository people,
    TimeProvider time, ILogger<FollowUpActions> logger) : ICardVerbs
{
    public IReadOnlyList<CardVerb> Verbs =>
    [
        // Staff here on purpose: the handler itself says why a stale card no longer works, per department.
        new(FollowUpCards.MarkVerb, Role.Staff, MarkAsync),
        new(FollowUpCards.ShowVerb, Role.KeyUser, ShowAsync),
    ];

    private async Task MarkAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var (initiativeId, personId, mark) = (data.String("initiativeId"), data.String("personId"), data.String("mark"));
        if (!TableKeys.IsSafe(initiativeId) || !TableKeys.IsSafe(personId) || mark is not (FollowUpCards.Contacted or FollowUpCards.NotNeeded or FollowUpCards.Clear)
            || await initiatives.GetAsync(request.TenantId, initiativeId, ct) is not { } initiative
            || await people.GetAsync(request.TenantId, personId, ct) is not { DepartmentId: not null } person)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Error_CardOutdated)], ct);
            return;
        }
        if (!FollowUpList.Leads(request.Person, request.User.Roles, person.DepartmentId))
        {
            logger.LogWarning("Refused follow-up mark by {Person}, who does not lead the department", request.Person.AadObjectId);
            await request.ReplyAsync(request.T[nameof(Strings.FollowUp_MarkRefused)], ct);
            return;
        }
        if (list.NamesFor(request.Person, request.User.Roles, [person.DepartmentId]) != FollowUpNames.Shown)
        {
            await request.ReplyAsync(request.T[nameof(Strings.FollowUp_MarkNamesHidden)], ct);
            return;
        }
        if (mark == FollowUpCards.Clear)
        {
            await marks.ClearAsync(request.TenantId, initiative.Id, person.AadObjectId, ct);
        }
        else
        {
            var kind = mark == FollowUpCards.Contacted ? FollowUpMarkKind.Contacted : FollowUpMarkKind.NotNeeded;
            await marks.SetAsync(request.TenantId, initiative.Id, new FollowUpMark(person.AadObjectId, kind, request.Person.AadObjectId, request.Person.DisplayName, time.GetUtcNow()), ct);
        }
        logger.LogInformation("Follow-up mark {Mark} set on {Initiative} by {Person}", mark, initiative.Id, request.Person.AadObjectId);
        // Redrawn as the presser's own list when the person is in it (a key user's departments), else as that department's.
        var own = await views.AllowedAsync(request.User, request.Person.KeyUserOf, ct);
        IReadOnlyList<string> scope = own.Contains(person.DepartmentId) ? own : [person.DepartmentId];
        if (await views.CardAsync(request.User, initiative, scope, ct) is { } card)
        {
            await request.ReplaceSubmittedCardAsync(card, ct);
        }
        await request.ReplyAsync(request.T.Format(mark switch
        {
            FollowUpCards.Contacted => nameof(Strings.FollowUp_MarkedContacted),
            FollowUpCards.NotNeeded => nameof(Strings.FollowUp_MarkedNotNeeded),
            _ => nameof(Strings.FollowUp_MarkCleared),
        }, person.DisplayName), ct);
    }

    private async Task ShowAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var departmentId = data.String("departmentId");
        var scope = TableKeys.IsSafe(departmentId) ? await views.AllowedAsync(request.User, [departmentId], ct) : [];
        if (scope.Count == 0)
        {
            await request.ReplyAsync(request.T[FollowUpViews.MayRead(request.User) ? nameof(Strings.Error_CardOutdated) : nameof(Strings.FollowUp_NotForYou)], ct);
            return;
        }
        await views.ShowAsync(request, scope, ct);
    }
}
