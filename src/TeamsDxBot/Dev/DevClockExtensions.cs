namespace TeamsDxBot.Dev;

public static class DevClockExtensions
{
    public static IHostApplicationBuilder AddDevClock(this IHostApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            var clock = new DevClock();
            builder.Services.AddSingleton(clock);
            builder.Services.AddSingleton<TimeProvider>(clock);
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapDevClock(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapPost("/_dev/clock/advance", (DevClock clock, double? hours, double? minutes) =>
            {
                var by = TimeSpan.FromHours(hours ?? 0) + TimeSpan.FromMinutes(minutes ?? 0);
                if (by <= TimeSpan.Zero || by > TimeSpan.FromDays(366))
                {
                    return Results.BadRequest(new { error = "Give hours and/or minutes: a positive amount up to a year." });
                }
                clock.Advance(by);
                return Results.Ok(new { now = clock.GetUtcNow(), offset = clock.Offset.ToString() });
            });
        }
        return app;
    }
}
