using TeamsDxBot.Anonymity;

namespace TeamsDxBot.Questions;

/// <summary>How questions were handled by one group (a department or a key user).</summary>
public sealed record QuestionMeasure(
    string Key,
    int Questions,
    TimeSpan? MedianTimeToFirstAnswer,
    double? AnsweredWithinDue,
    double? ReopenRate,
    int Escalations);

/// <summary>What a report may show: departments and key users grouped by <see cref="GroupingPolicy"/> on the people who asked.</summary>
public sealed record ShownQuestionMeasures(IReadOnlyList<QuestionMeasure> Departments, IReadOnlyList<QuestionMeasure> KeyUsers);

/// <summary>Per-department and per-key-user figures for the promoter's and the executives' reports.</summary>
public static class QuestionMeasures
{
    /// <summary>
    /// The measures as reports show them. A group's figures (how fast, how often reopened) describe the
    /// questions of the people who asked, so a department or key user counts the distinct askers behind
    /// it: under k they are combined into "other" (<see cref="GroupingPolicy.Other"/>), and when even
    /// that stays under k it is left out.
    /// </summary>
    public static ShownQuestionMeasures Shown(IEnumerable<Question> questions, int k)
    {
        var all = questions.ToList();
        var byDepartment = all.GroupBy(q => q.DepartmentId ?? "").ToDictionary(g => g.Key, g => g.ToList());
        var byKeyUser = Attributed(all).GroupBy(x => x.Who).ToDictionary(g => g.Key, g => g.Select(x => x.Question).ToList());
        return new(Fold(byDepartment, k), Fold(byKeyUser, k));
    }

    private static List<QuestionMeasure> Fold(Dictionary<string, List<Question>> groups, int k)
    {
        // Askers are counted once even when their questions sit with several key users.
        int Askers(IEnumerable<string> keys) => keys.SelectMany(key => groups[key]).Select(q => q.AskerId).Distinct(StringComparer.Ordinal).Count();
        var grouping = GroupingPolicy.Decide(groups.Select(g => new GroupSize(g.Key, Askers([g.Key]))), k, Askers);
        var shown = grouping.Shown.Select(key => Measure(key, groups[key])).ToList();
        if (grouping.OtherShown)
        {
            shown.Add(Measure(GroupingPolicy.Other, grouping.Folded.SelectMany(key => groups[key]).DistinctBy(q => q.Id).ToList()));
        }
        return shown;
    }

    public static IReadOnlyList<QuestionMeasure> ByDepartment(IEnumerable<Question> questions) =>
        questions.GroupBy(q => q.DepartmentId ?? "").Select(g => Measure(g.Key, g.ToList())).OrderBy(m => m.Key, StringComparer.Ordinal).ToList();

    /// <summary>Attributed to whoever gave the first answer; unanswered questions count for every assignee.</summary>
    public static IReadOnlyList<QuestionMeasure> ByKeyUser(IEnumerable<Question> questions) =>
        Attributed(questions)
            .GroupBy(x => x.Who)
            .Select(g => Measure(g.Key, g.Select(x => x.Question).ToList()))
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .ToList();

    private static IEnumerable<(string Who, Question Question)> Attributed(IEnumerable<Question> questions) =>
        questions.SelectMany(q => FirstAnswer(q) is { } first ? [(Who: first.Actor, Question: q)] : q.AssigneeIds.Select(a => (Who: a, Question: q)));

    private static QuestionEvent? FirstAnswer(Question q) => q.History.FirstOrDefault(e => e.Kind == "answered");

    /// <summary>
    /// Of the questions whose outcome is known (answered, or gone past due unanswered), the share first answered
    /// by the due time first set: an extension does not make a late answer on time, and an unanswered question
    /// still within its time is not counted against anyone yet.
    /// </summary>
    private static double? WithinDue(IReadOnlyList<Question> questions, IReadOnlyList<Question> answered)
    {
        var decided = answered.Count + questions.Count(q => FirstAnswer(q) is null && q.History.Any(e => e.Kind == "escalated"));
        return decided == 0 ? null : (double)answered.Count(q => FirstAnswer(q)!.At <= (q.FirstDueAt ?? q.DueAt)) / decided;
    }

    private static QuestionMeasure Measure(string key, IReadOnlyList<Question> questions)
    {
        var answered = questions.Where(q => FirstAnswer(q) is not null).ToList();
        var times = answered.Select(q => FirstAnswer(q)!.At - q.CreatedAt).Order().ToList();
        TimeSpan? median = times.Count == 0 ? null
            : times.Count % 2 == 1 ? times[times.Count / 2]
            : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
        return new QuestionMeasure(
            key,
            questions.Count,
            median,
            WithinDue(questions, answered),
            answered.Count == 0 ? null : (double)answered.Count(q => q.History.Any(e => e.Kind == "reopened")) / answered.Count,
            questions.Count(q => q.History.Any(e => e.Kind == "escalated")));
    }
}
