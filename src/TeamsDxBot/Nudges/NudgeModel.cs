using Newtonsoft.Json.Linq;
using TeamsDxBot.Localization;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Nudges;

/// <summary>The rules, by the key stored in the log and the switches.</summary>
public static class NudgeRuleKeys
{
    public const string ExecutiveRhythm = "executive-rhythm";
    public const string ExecutiveSilence = "executive-silence";
    public const string DepartmentAtRisk = "department-at-risk";
    public const string NotUsing = "not-using";
    public const string OverdueQuestions = "overdue-questions";
    public const string UnansweredEscalations = "unanswered-escalations";

    public static IReadOnlyList<string> All { get; } = [ExecutiveRhythm, ExecutiveSilence, DepartmentAtRisk, NotUsing, OverdueQuestions, UnansweredEscalations];

    /// <summary>
    /// Rules that pick people by what they answered in a pulse. Who they nudged would tell a reader who
    /// answered what, so the promoters' log gives only how many, and stores no name.
    /// </summary>
    public static IReadOnlySet<string> FedByAnswers { get; } = new HashSet<string>(StringComparer.Ordinal) { NotUsing };
}

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

/// <summary>Executive encouragement drafts and when an executive last spoke (the broadcasts feature provides them).</summary>
public interface IBroadcastDrafts
{
    /// <summary>Stores a draft to everyone (or to departments) by this author and returns its id.</summary>
    Task<string> CreateDraftAsync(Person author, string title, string body, IReadOnlyList<string> departmentIds, CancellationToken ct);

    Task<DateTimeOffset?> LastExecutiveSendAsync(string tenantId, CancellationToken ct);

    /// <summary>Opens the composer on a draft (data: broadcastId).</summary>
    string ComposeVerb { get; }

    /// <summary>Sends a draft now (data: broadcastId).</summary>
    string SendNowVerb { get; }

    /// <summary>Drops a draft the person may manage, if it is still a draft (a skipped encouragement).</summary>
    Task DiscardDraftAsync(UserContext actor, string? id, CancellationToken ct);
}

public sealed class NudgeOptions
{
    public const string Section = "Nudges";

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Nudges one person may get in one day (their local date), all rules together.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10)]
    public int DailyCap { get; set; } = 2;

    /// <summary>The promoter is told when no executive message has gone out for this long.</summary>
    public TimeSpan ExecutiveSilence { get; set; } = TimeSpan.FromDays(30);
}
