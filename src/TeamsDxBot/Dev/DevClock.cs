namespace TeamsDxBot.Dev;

/// <summary>
/// Development only: the system clock plus an offset that <c>POST /_dev/clock/advance</c> moves forward,
/// so journeys can watch deadlines pass (reminders, escalations) without waiting. Never registered
/// outside the Development environment.
/// </summary>
public sealed class DevClock : TimeProvider
{
    private long offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}

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
