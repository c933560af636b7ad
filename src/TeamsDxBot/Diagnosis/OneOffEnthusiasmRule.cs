using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Diagnosis;

/// <summary>Thresholds of the one-off enthusiasm pattern (section <c>Diagnosis:OneOff</c>).</summary>
public sealed class OneOffOptions
{
    public const string Section = "Diagnosis:OneOff";

    /// <summary>No executive message for at least this many days (counted from go-live when there has been none).</summary>
    [Range(1, 365)]
    public int ExecutiveSilenceDays { get; set; } = 30;

    /// <summary>The response rate fell at each of the last this-many pulses (2 = one fall, 3 = two falls in a row).</summary>
    [Range(2, 12)]
    public int FallingRuns { get; set; } = 3;

    /// <summary>Weeks (or pulses, when usage is not imported) needed before a peak can be told from a start.</summary>
    [Range(3, 52)]
    public int MinWeeks { get; set; } = 4;

    /// <summary>The latest rate at least this far (0–1) below the peak.</summary>
    [Range(0.01, 1.0)]
    public double PeakDrop { get; set; } = 0.1;

    /// <summary>Signals (of 3) that must hold for the pattern to show.</summary>
    [Range(1, 3)]
    public int MinSignals { get; set; } = 2;
}

/// <summary>
/// One-off enthusiasm (一過性型): the launch energy has faded. Signals: no executive message for a while;
/// the response rate falling run after run; the weekly active rate past its launch peak and declining.
/// </summary>
public sealed class OneOffEnthusiasmRule(IOptions<OneOffOptions> options) : IDiagnosisRule
{
    public const string Key = "one-off";

    public string Pattern => Key;

    public DiagnosisFinding Evaluate(DiagnosisFacts facts, Texts t)
    {
        var o = options.Value;
        return new DiagnosisFinding(Key, [Silence(facts, o, t), Responses(facts, o, t), PastPeak(facts, o, t)], o.MinSignals,
            t[nameof(Strings.Diagnosis_OneOffAction)], []);
    }

    private static DiagnosisSignal Silence(DiagnosisFacts facts, OneOffOptions o, Texts t)
    {
        var since = facts.LastExecutiveMessage ?? new DateTimeOffset(facts.Initiative.GoLive.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (since > facts.Now)
        {
            // Not live yet: nobody could have been expected to speak.
            return new("silence", null, "");
        }
        var days = (int)(facts.Now - since).TotalDays;
        return new("silence", days >= o.ExecutiveSilenceDays, t.Format(
            facts.LastExecutiveMessage is null ? nameof(Strings.Diagnosis_SilenceNever) : nameof(Strings.Diagnosis_Silence), days));
    }

    private static DiagnosisSignal Responses(DiagnosisFacts facts, OneOffOptions o, Texts t)
    {
        var rates = facts.Pulses.Where(p => p.ResponseRate is not null).TakeLast(o.FallingRuns).Select(p => p.ResponseRate!.Value).ToList();
        if (rates.Count < o.FallingRuns)
        {
            return new("responses", null, "");
        }
        var falling = rates.Zip(rates.Skip(1)).All(pair => pair.Second < pair.First);
        return new("responses", falling, t.Format(nameof(Strings.Diagnosis_ResponseRates),
            string.Join(" → ", rates.Select(r => string.Format(t.Culture, "{0:0%}", r)))));
    }

    private static DiagnosisSignal PastPeak(DiagnosisFacts facts, OneOffOptions o, Texts t)
    {
        var (measured, points) = facts.UsageRates();
        if (points.Count < o.MinWeeks)
        {
            return new("peak", null, "");
        }
        var peak = points.MaxBy(p => p.Rate);
        var latest = points[^1];
        var holds = peak.Date < latest.Date && latest.Rate <= peak.Rate - o.PeakDrop && latest.Rate < points[^2].Rate;
        var label = t[measured ? nameof(Strings.Diagnosis_MeasuredRate) : nameof(Strings.Diagnosis_PulseRate)];
        return new("peak", holds, t.Format(nameof(Strings.Diagnosis_PastPeak), label, peak.Rate, peak.Date.ToDateTime(TimeOnly.MinValue), latest.Rate));
    }
}
