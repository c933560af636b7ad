using System.ComponentModel.DataAnnotations;

namespace TeamsDxBot.Calendar;

/// <summary>The company's clock: its time zone, working days, opening hours and holidays (section "Company").</summary>
public sealed class CompanyOptions
{
    public const string Section = "Company";

    /// <summary>Where these settings lived before they had a section of their own; still read so older deployments keep working.</summary>
    public const string FormerSection = "Questions";

    /// <summary>IANA or Windows id of the company's time zone, for everyone whose own zone is not known.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Tokyo";

    public TimeOnly BusinessDayStart { get; set; } = new(9, 0);

    public TimeOnly BusinessDayEnd { get; set; } = new(18, 0);

    /// <summary>Working days of the week (default Monday to Friday).</summary>
    public DayOfWeek[] BusinessDays { get; set; } = [.. BusinessHours.Weekdays.Order()];

    /// <summary>Days off on top of the weekly pattern (national holidays, company closures), as dates.</summary>
    public DateOnly[] Holidays { get; set; } = [];
}
