using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Pulse;

public enum PulseFrequency
{
    Weekly,
    /// <summary>Every other week, counted from <see cref="PulseSettings.AnchorWeek"/>.</summary>
    Biweekly,
    /// <summary>The first given weekday of each month.</summary>
    Monthly,
    /// <summary>A cron expression typed by the promoter (the advanced option).</summary>
    Custom,
}

/// <summary>
/// The pulse schedule as promoters pick it (毎週 / 隔週 / 毎月, a weekday and a time) and as the
/// scheduler runs it (a cron expression, plus the every-other-week rhythm cron cannot express).
/// </summary>
public static partial class PulseSchedule
{
    public const string TimeFormat = "HH:mm";

    /// <summary>The picked weekday and time of a schedule, when it is one the pickers can show.</summary>
    public sealed record Picked(PulseFrequency Frequency, DayOfWeek Weekday, TimeOnly Time);

    [GeneratedRegex(@"^(\d{1,2}) (\d{1,2}) \* \* ([1-5])(#1)?$")]
    private static partial Regex Simple();

    /// <summary>What the pickers show for the stored schedule; Custom when it is a cron they cannot show.</summary>
    public static Picked Read(PulseSettings s)
    {
        var m = Simple().Match(s.Cron.Trim());
        if (s.Frequency != PulseFrequency.Custom && m.Success
            && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) is var minute and < 60
            && int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) is var hour and < 24)
        {
            var monthly = m.Groups[4].Success;
            var frequency = monthly ? PulseFrequency.Monthly : s.Frequency == PulseFrequency.Biweekly ? PulseFrequency.Biweekly : PulseFrequency.Weekly;
            return new Picked(frequency, (DayOfWeek)int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), new TimeOnly(hour, minute));
        }
        return new Picked(PulseFrequency.Custom, DayOfWeek.Monday, new TimeOnly(10, 0));
    }

    /// <summary>「毎週月曜 10:00（各自のタイムゾーン）」, or the cron for a custom schedule.</summary>
    public static string Describe(Texts t, PulseSettings s)
    {
        var p = Read(s);
        if (p.Frequency == PulseFrequency.Custom)
        {
            return t.Format(nameof(Strings.Pulse_ScheduleCustom), s.Cron);
        }
        var key = p.Frequency switch
        {
            PulseFrequency.Biweekly => nameof(Strings.Pulse_ScheduleBiweekly),
            PulseFrequency.Monthly => nameof(Strings.Pulse_ScheduleMonthly),
            _ => nameof(Strings.Pulse_ScheduleWeekly),
        };
        // 「毎週月曜」 reads with the short day name; English spells it out.
        var day = t.IsEnglish ? t.Culture.DateTimeFormat.GetDayName(p.Weekday) : t.Culture.DateTimeFormat.GetAbbreviatedDayName(p.Weekday);
        return t.Format(key, day, p.Time.ToString(TimeFormat, CultureInfo.InvariantCulture));
    }

    /// <summary>The cron for the picked values, or the typed one for Custom; problems are added to <paramref name="problems"/>.</summary>
    public static (PulseFrequency Frequency, string Cron) FromForm(string? frequency, string? weekday, string? time, string? cron, List<(string, object[])> problems)
    {
        if (!Enum.TryParse<PulseFrequency>(frequency, ignoreCase: true, out var f) || !Enum.IsDefined(f))
        {
            problems.Add((nameof(Strings.Error_CardOutdated), []));
            return (PulseFrequency.Weekly, PulseSettings.DefaultCron);
        }
        if (f == PulseFrequency.Custom)
        {
            var typed = cron?.Trim() ?? "";
            try
            {
                CronExpression.Parse(typed);
            }
            catch (CronFormatException)
            {
                problems.Add((nameof(Strings.Pulse_CronInvalid), []));
            }
            return (f, typed);
        }
        var day = int.TryParse(weekday, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 5 ? d : (int?)null;
        if (day is null)
        {
            problems.Add((nameof(Strings.Pulse_WeekdayInvalid), []));
        }
        if (!TimeOnly.TryParseExact(time?.Trim(), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            problems.Add((nameof(Strings.Pulse_TimeInvalid), []));
        }
        var suffix = f == PulseFrequency.Monthly ? "#1" : "";
        return (f, $"{at.Minute} {at.Hour} * * {day ?? 1}{suffix}");
    }

    /// <summary>True on the weeks the schedule sends: every week, except every other week from the anchor for 隔週.</summary>
    public static bool InRhythm(PulseSettings s, DateOnly date) =>
        s.Frequency != PulseFrequency.Biweekly || (PulseScheduler.WeekStart(date).DayNumber - PulseScheduler.WeekStart(s.AnchorWeek).DayNumber) / 7 % 2 == 0;
}
