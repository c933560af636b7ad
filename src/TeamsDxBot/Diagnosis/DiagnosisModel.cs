using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Questions;
using TeamsDxBot.Turns;
using TeamsDxBot.Usage;

namespace TeamsDxBot.Diagnosis;

/// <summary>The company's figures of one closed pulse whose company figures are shown (k answers or more).</summary>
/// <param name="Blockers">Answers per blocker choice; empty when the run had no blockers question.</param>
/// <param name="Departments">Departments' use rate where shown (folded and hidden groups left out).</param>
public sealed record PulsePoint(DateOnly Date, double? ResponseRate, double? UseRate, double? Ease, double? FallbackRate,
    IReadOnlyDictionary<string, int> Blockers, IReadOnlyDictionary<string, double> Departments);

/// <summary>
/// Everything the rules look at for one initiative, read once per report send. A missing source is an
/// empty list or null, and a rule whose signal needs it then does not count that signal.
/// </summary>
/// <param name="Pulses">Closed pulses with company figures, oldest first.</param>
/// <param name="Usage">Measured usage; null when nothing has been imported.</param>
/// <param name="Departments">The departments the initiative covers (not archived).</param>
/// <param name="PromoterIds">Who is a promoter now.</param>
/// <param name="Questions">Questions about the initiative (or about no tool) asked in the window.</param>
/// <param name="OpenEscalated">Questions past due, escalated and still unanswered (any age).</param>
/// <param name="LastExecutiveMessage">When a broadcast by an executive last went out; null: never.</param>
public sealed record DiagnosisFacts(
    Initiative Initiative,
    DateTimeOffset Now,
    IReadOnlyList<PulsePoint> Pulses,
    UsageOverview? Usage,
    IReadOnlyList<Department> Departments,
    IReadOnlyList<Person> People,
    IReadOnlySet<string> PromoterIds,
    IReadOnlyList<Question> Questions,
    IReadOnlyList<Question> OpenEscalated,
    DateTimeOffset? LastExecutiveMessage)
{
    /// <summary>
    /// The company's usage rate over time: the measured weekly active rate when usage has been imported,
    /// else the pulses' use rate (what people said).
    /// </summary>
    public (bool Measured, IReadOnlyList<(DateOnly Date, double Rate)> Points) UsageRates() =>
        Usage is { } u && u.Company.Weeks.Any(w => w.ActiveRate is not null)
            ? (true, u.Company.Weeks.Where(w => w.ActiveRate is not null).Select(w => (w.Week, w.ActiveRate!.Value)).ToList())
            : (false, Pulses.Where(p => p.UseRate is not null).Select(p => (p.Date, p.UseRate!.Value)).ToList());
}
