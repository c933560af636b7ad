using Microsoft.Extensions.Options;

namespace TeamsDxBot.Calendar;

/// <summary>The company's time zone and business hours, as configured under <see cref="CompanyOptions.Section"/>.</summary>
public sealed class CompanyCalendar(IOptions<CompanyOptions> options)
{
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>Opening hours, working days and holidays, counted in the company's zone.</summary>
    public BusinessHours Hours() => Hours(Zone);

    /// <summary>The same opening hours, counted in another zone (a department abroad, a person's own clock).</summary>
    public BusinessHours Hours(TimeZoneInfo zone) => new(zone, options.Value.BusinessDayStart, options.Value.BusinessDayEnd)
    {
        Days = options.Value.BusinessDays.ToHashSet(),
        Holidays = options.Value.Holidays.ToHashSet(),
    };
}
