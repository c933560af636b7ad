namespace TeamsDxBot.Questions;

public sealed class QuestionOptions
{
    public const string Section = "Questions";

    /// <summary>Time to answer, in business hours: one business day by default.</summary>
    public TimeSpan Due { get; set; } = TimeSpan.FromHours(9);

    public TimeSpan UrgentDue { get; set; } = TimeSpan.FromHours(4);

    /// <summary>The assignees are reminded this long (wall-clock) before a question is due.</summary>
    public TimeSpan NudgeBefore { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
