namespace TeamsDxBot.Calendar;

public static class CalendarExtensions
{
    public static IHostApplicationBuilder AddCalendar(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CompanyOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                // The former keys first, so a value under "Company" wins where both are set.
                configuration.GetSection(CompanyOptions.FormerSection).Bind(options);
                configuration.GetSection(CompanyOptions.Section).Bind(options);
            })
            .ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Company:TimeZone is not a known time zone.")
            .Validate(o => o.BusinessDayEnd > o.BusinessDayStart, "Company:BusinessDayEnd must be after Company:BusinessDayStart.")
            .Validate(o => o.BusinessDays.Length > 0, "Company:BusinessDays needs at least one working day.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CompanyCalendar>();
        return builder;
    }
}
