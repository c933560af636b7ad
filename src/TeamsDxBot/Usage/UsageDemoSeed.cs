using System.Globalization;
using System.Text;
using TeamsDxBot.Calendar;
using TeamsDxBot.Demo;
using TeamsDxBot.Initiatives;

namespace TeamsDxBot.Usage;

/// <summary>
/// Measured usage for the demo programme, so a fresh local run shows per-person figures, the key users'
/// follow-up list and the programme health at once. It goes in through the import (as a pasted file
/// would), over the demo's weeks since go-live, and only while nothing at all has been imported for the
/// initiative: a restart or a second instance finds the weeks there and changes nothing, and real imported
/// usage is never overwritten.
/// </summary>
public sealed class UsageDemoSeed(UsageImportService import, IUsageFigures figures, CompanyCalendar calendar, TimeProvider time, ILogger<UsageDemoSeed> logger) : IDemoData
{
    /// <summary>Kept on every seeded row, so invented figures can be told from imported ones.</summary>
    public const string Source = "demo:seed";

    public async Task SeedAsync(DemoOptions demo, Initiative initiative, CancellationToken ct)
    {
        if (await figures.OverviewAsync(initiative, ct) is not null)
        {
            return;
        }
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), calendar.Zone).DateTime);
        var days = UsageDemo.ActiveDays(demo.People, DemoHistory.FirstWeek(initiative.GoLive), today).ToList();
        if (days.Count == 0)
        {
            return;
        }
        var csv = new StringBuilder(UsageInput.EventsHeader).Append('\n');
        foreach (var (email, day, count) in days)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{email},{day:yyyy-MM-dd},{count}\n");
        }
        var result = await import.ImportCsvAsync(initiative.TenantId, initiative.Id, Source, csv.ToString(), ct);
        if (result.Stored)
        {
            logger.LogInformation("Seeded demo usage for {Initiative}: {People} people over {Weeks} weeks", initiative.Id, result.People, result.WeeksOrEmpty.Count);
        }
        else
        {
            // Demo people edited out of the directory, say: the demo runs on without measured usage.
            logger.LogWarning("Demo usage for {Initiative} was not stored: {Problems}", initiative.Id, string.Join("; ", result.Problems.Select(p => p.Key)));
        }
    }
}
