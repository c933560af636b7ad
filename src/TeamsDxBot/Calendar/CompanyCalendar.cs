using Microsoft.Extensions.Options;

namespace TeamsDxBot.Calendar;

/// <summary>The company's time zone and business hours, as configured under <see cref="CompanyOptions.Section"/>.</summary>
public sealed class CompanyCalendar(IOptions<CompanyOptions> options)
{
    // Built once: schedulers ask for the hours of every person they consider, in loops over whole runs.
    private readonly Lazy<BusinessHours> hours = new(() => new(TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone), options.Value.BusinessDayStart, options.Value.BusinessDayEnd)
    {
        Days = options.Value.BusinessDays.ToHashSet(),
        Holidays = options.Value.Holidays.ToHashSet(),
    });

    public TimeZoneInfo Zone => hours.Value.Zone;

    /// <summary>Opening hours, working days and holidays, counted in the company's zone.</summary>
    public BusinessHours Hours() => hours.Value;

    /// <summary>The same opening hours, counted in another zone (a department abroad, a person's own clock).</summary>
    public BusinessHours Hours(TimeZoneInfo zone) => hours.Value with { Zone = zone };
}
