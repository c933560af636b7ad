using Microsoft.Extensions.Options;
using TeamsDxBot.Calendar;
using TeamsDxBot.Directory;
using TeamsDxBot.Localization;

namespace TeamsDxBot.Questions;

/// <summary>The business hours a question's due times are counted in.</summary>
public sealed class QuestionHours(CompanyCalendar calendar, IOptions<QuestionOptions> options)
{
    private readonly BusinessHours hours = calendar.Hours();

    /// <summary>The length of a business day, for telling people how long a due time is.</summary>
    public TimeSpan Day => hours.Day;

    /// <summary>What "urgent" promises, in the reader's words (the confirmation card's switch).</summary>
    public string UrgentDue(Texts t) => QuestionCards.BusinessTime(t, options.Value.UrgentDue, hours.Day);

    /// <summary>Business hours in the department's time zone when it has one, else the company's.</summary>
    public BusinessHours Of(Department? department) =>
        WallClock.Find(department?.TimeZone) is { } zone ? calendar.Hours(zone) : hours;
}
