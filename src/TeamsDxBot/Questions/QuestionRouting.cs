using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

/// <summary>Who answers a question: the asker's department's key users, else the promoters; and who it may be handed on to.</summary>
public sealed class QuestionRouting(PersonRepository people, DepartmentRepository departments, InitiativeRepository initiatives, Access access)
{
    public async Task<QuestionRoute> RouteAsync(Person asker, CancellationToken ct)
    {
        var everyone = await people.ListAsync(asker.TenantId, ct);
        var department = asker.DepartmentId is null ? null : await departments.GetAsync(asker.TenantId, asker.DepartmentId, ct);
        var keyUsers = department is null ? [] : everyone.Where(p => p.KeyUserOf.Contains(department.Id) && p.AadObjectId != asker.AadObjectId).ToList();
        if (keyUsers.Count > 0)
        {
            return new QuestionRoute(keyUsers, department, ToPromoters: false);
        }
        var promoters = everyone.Where(p => p.AadObjectId != asker.AadObjectId && access.RolesOf(p).Contains(Role.Promoter)).ToList();
        return new QuestionRoute(promoters, department, ToPromoters: true);
    }

    /// <summary>Initiatives a person's question may be about: those covering their department (or everyone).</summary>
    public async Task<IReadOnlyList<Initiative>> InitiativesForAsync(Person asker, CancellationToken ct) =>
        (await initiatives.ListAsync(asker.TenantId, ct))
            .Where(i => i.DepartmentIds.Count == 0 || (asker.DepartmentId is { } d && i.DepartmentIds.Contains(d)))
            .ToList();

    /// <summary>The department's other key users and the promoters, leaving out the one handing it on and the asker.</summary>
    public async Task<IReadOnlyList<Person>> HandOverCandidatesAsync(Question question, Person from, CancellationToken ct) =>
        (await people.ListAsync(question.TenantId, ct))
            .Where(p => p.AadObjectId != from.AadObjectId && p.AadObjectId != question.AskerId)
            .Where(p => (question.DepartmentId is { } d && p.KeyUserOf.Contains(d)) || access.RolesOf(p).Contains(Role.Promoter))
            .OrderBy(p => p.DisplayName, StringComparer.CurrentCulture)
            .ToList();
}
