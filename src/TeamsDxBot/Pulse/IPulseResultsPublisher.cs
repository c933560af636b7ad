namespace TeamsDxBot.Pulse;

/// <summary>Where results go when a run closes and when a month ends; the reports feature implements it.</summary>
public interface IPulseResultsPublisher
{
    Task SendRunReportAsync(PulseRun run, CancellationToken ct);

    Task SendMonthlyIfDueAsync(string tenantId, CancellationToken ct);
}
