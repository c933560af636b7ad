using TeamsDxBot.Questions;

namespace TeamsDxBot.Tests.Questions;

public sealed class QuestionMeasuresTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    private static Question Asked(string id, string department, params QuestionEvent[] events) => new()
    {
        TenantId = "t", Id = id, AskerId = "asker", Text = id, DepartmentId = department, AssigneeIds = ["k1", "k2"],
        CreatedAt = T0, DueAt = T0.AddHours(9), History = [new QuestionEvent(T0, "asker", "asked"), .. events],
    };

    private static QuestionEvent At(double hours, string actor, string kind) => new(T0.AddHours(hours), actor, kind);

    private static readonly Question[] Sample =
    [
        Asked("q1", "sales", At(1, "k1", "answered")),
        Asked("q2", "sales", At(3, "k1", "answered"), At(4, "asker", "reopened"), At(5, "k1", "answered")),
        Asked("q3", "sales", At(10, "system", "escalated"), At(20, "k2", "answered")),
        Asked("q4", "plant"),
    ];

    [Fact]
    public void Department_figures()
    {
        var sales = QuestionMeasures.ByDepartment(Sample).Single(m => m.Key == "sales");
        Assert.Equal(3, sales.Questions);
        Assert.Equal(TimeSpan.FromHours(3), sales.MedianTimeToFirstAnswer); // first answers after 1, 3 and 20 hours
        Assert.Equal(2.0 / 3, sales.AnsweredWithinDue!.Value, 6);
        Assert.Equal(1.0 / 3, sales.ReopenRate!.Value, 6);
        Assert.Equal(1, sales.Escalations);

        // q4 is unanswered but still within its time: no share yet, rather than a miss.
        var plant = QuestionMeasures.ByDepartment(Sample).Single(m => m.Key == "plant");
        Assert.Equal((1, null, (double?)null, null, 0), (plant.Questions, plant.MedianTimeToFirstAnswer, plant.AnsweredWithinDue, plant.ReopenRate, plant.Escalations));
    }

    [Fact]
    public void Within_due_counts_against_the_first_due_time_and_misses_only_once_past_due()
    {
        Question[] questions =
        [
            // Extended after escalation (DueAt moved to +18 h), answered at +12 h: late against the first due time.
            Asked("extended", "hr", At(10, "system", "escalated"), At(11, "promoter", "extended"), At(12, "k1", "answered"))
                with { FirstDueAt = T0.AddHours(9), DueAt = T0.AddHours(18) },
            // Gone past due, never answered: a miss.
            Asked("missed", "hr", At(10, "system", "escalated")),
            // Answered in time.
            Asked("on-time", "hr", At(2, "k1", "answered")),
            // Still within its time: not counted either way.
            Asked("waiting", "hr"),
        ];
        var hr = QuestionMeasures.ByDepartment(questions).Single();
        Assert.Equal(4, hr.Questions);
        Assert.Equal(1.0 / 3, hr.AnsweredWithinDue!.Value, 6);
    }

    [Fact]
    public void Key_user_figures_follow_the_first_answer()
    {
        var byKeyUser = QuestionMeasures.ByKeyUser(Sample).ToDictionary(m => m.Key);
        Assert.Equal(3, byKeyUser["k1"].Questions); // q1, q2, and unanswered q4 (assigned to both)
        Assert.Equal(2, byKeyUser["k2"].Questions); // q3 (answered late) and q4
        Assert.Equal(TimeSpan.FromHours(2), byKeyUser["k1"].MedianTimeToFirstAnswer);
        Assert.Equal(1, byKeyUser["k2"].Escalations);
    }
}
