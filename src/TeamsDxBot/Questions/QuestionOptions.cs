using System.ComponentModel.DataAnnotations;

namespace TeamsDxBot.Questions;

public sealed class QuestionOptions
{
    public const string Section = "Questions";

    /// <summary>IANA or Windows id of the company's time zone; business hours and due times use it.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Tokyo";

    public TimeOnly BusinessDayStart { get; set; } = new(9, 0);

    public TimeOnly BusinessDayEnd { get; set; } = new(18, 0);

    /// <summary>Time to answer, in business hours: one business day by default.</summary>
    public TimeSpan Due { get; set; } = TimeSpan.FromHours(9);

    public TimeSpan UrgentDue { get; set; } = TimeSpan.FromHours(4);

    /// <summary>The assignees are reminded this long (wall-clock) before a question is due.</summary>
    public TimeSpan NudgeBefore { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Working days of the week (default Monday to Friday).</summary>
    public DayOfWeek[] BusinessDays { get; set; } = [.. BusinessHours.Weekdays.Order()];

    /// <summary>Days off on top of the weekly pattern (national holidays, company closures), as dates.</summary>
    public DateOnly[] Holidays { get; set; } = [];

    public BusinessHours Hours() => new(TimeZoneInfo.FindSystemTimeZoneById(TimeZone), BusinessDayStart, BusinessDayEnd)
    {
        Days = BusinessDays.ToHashSet(),
        Holidays = Holidays.ToHashSet(),
    };
}
