using Newtonsoft.Json.Linq;
using TeamsDxBot.Localization;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Nudges;

/// <summary>
/// Someone a rule says should be nudged now. <see cref="Period"/> makes it once per period (a month,
/// a run, a day): the same rule, person and period never nudge twice.
/// </summary>
public sealed record NudgeCandidate(string Rule, Person Person, string Period, Func<Texts, CancellationToken, Task<JObject>> Card);

/// <summary>What a rule can see: one tenant's people and roles at the time of the tick.</summary>
/// <param name="People">Who may be nudged now (inside their business hours).</param>
/// <param name="Everyone">Everyone who can be messaged, for what a nudge says about others (a key user's name).</param>
public sealed record NudgeContext(string TenantId, IReadOnlyList<Person> People, IReadOnlyDictionary<string, IReadOnlySet<Role>> Roles, DateTimeOffset Now,
    IReadOnlyList<Person> Everyone)
{
    public IEnumerable<Person> With(Role role) => People.Where(p => Roles[p.AadObjectId].Contains(role));
}

public interface INudgeRule
{
    string Key { get; }

    Task<IReadOnlyList<NudgeCandidate>> FindAsync(NudgeContext context, CancellationToken ct);
}
