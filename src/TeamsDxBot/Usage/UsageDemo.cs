using TeamsDxBot.Demo;

namespace TeamsDxBot.Usage;

/// <summary>
/// Who of the demo people used the tool in which of the demo's weeks. A pure function of the people list
/// and the first week, hence the same on every start and every instance. By the order of Demo:Departments
/// and then of the people list within a department:
/// 営業部 climbs to habitual use (most start in the first weeks and keep going; a few never start);
/// 製造部 peaks right after launch and then fades (most stop after a few weeks, some never start, two keep going).
/// Together the company's weekly active rate is past its launch peak and falling: one-off enthusiasm.
/// </summary>
public static class UsageDemo
{
    /// <summary>A person's active weeks (0 = the first week), both ends included; null: never started.</summary>
    public readonly record struct Span(int From, int To);

    public static IReadOnlyList<IReadOnlyList<Span?>> Shapes { get; } =
    [
        [new(0, 7), new(0, 7), new(0, 7), new(0, 7), new(0, 7), new(1, 7), new(1, 7), new(2, 7), new(3, 7), new(4, 7), new(6, 7)],
        [new(0, 7), new(0, 7), new(0, 5), new(0, 4), new(0, 3), new(0, 3), new(0, 2), new(0, 2), new(1, 6), new(1, 4), new(1, 1)],
    ];

    /// <summary>
    /// One (email, day, uses) per active day up to <paramref name="today"/>, over <see cref="DemoHistory.Weeks"/>
    /// weeks from <paramref name="firstWeek"/> (a Monday). People past their department's shape never started.
    /// </summary>
    public static IEnumerable<(string Email, DateOnly Day, int Uses)> ActiveDays(IReadOnlyList<DemoPerson> people, DateOnly firstWeek, DateOnly today)
    {
        foreach (var department in people.Where(p => p.Department >= 0 && p.Department < Shapes.Count && p.Email.Length > 0).GroupBy(p => p.Department))
        {
            var shape = Shapes[department.Key];
            var index = 0;
            foreach (var person in department)
            {
                var span = shape.ElementAtOrDefault(index);
                for (var week = 0; span is { } s && week < DemoHistory.Weeks; week++)
                {
                    if (week < s.From || week > s.To)
                    {
                        continue;
                    }
                    // The habit shows in the days too: regulars on 3–4 weekdays, those about to stop on one.
                    var days = week == s.To && s.To < DemoHistory.Weeks - 1 ? 1 : 2 + ((index + week) % 3);
                    for (var d = 0; d < days; d++)
                    {
                        var day = firstWeek.AddDays((7 * week) + d);
                        if (day <= today)
                        {
                            yield return (person.Email.ToLowerInvariant(), day, 1 + ((index + d + week) % 4));
                        }
                    }
                }
                index++;
            }
        }
    }
}
