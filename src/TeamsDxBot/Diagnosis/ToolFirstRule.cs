using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Diagnosis;

/// <summary>Thresholds of the tool-first pattern (section <c>Diagnosis:ToolFirst</c>).</summary>
public sealed class ToolFirstOptions
{
    public const string Section = "Diagnosis:ToolFirst";

    /// <summary>Usage below this rate (0–1) is low.</summary>
    [Range(0.0, 1.0)]
    public double LowUsageRate { get; set; } = 0.5;

    /// <summary>A fall of at least this much (0–1) is falling: over 4 weeks when measured, since the previous pulse otherwise.</summary>
    [Range(0.01, 1.0)]
    public double FallingBy { get; set; } = 0.1;

    /// <summary>Ease (1–5) at or below this is hard.</summary>
    [Range(1.0, 5.0)]
    public double EaseAtMost { get; set; } = 2.5;

    /// <summary>Share of the blocker answers saying "slower than the old way" at or above this counts as slower.</summary>
    [Range(0.0, 1.0)]
    public double SlowerShareAtLeast { get; set; } = 0.3;

    /// <summary>Share of people who fell back to paper or Excel at or above this.</summary>
    [Range(0.0, 1.0)]
    public double FallbackAtLeast { get; set; } = 0.3;

    /// <summary>Blocker answers needed before the blockers say anything.</summary>
    [Range(1, 1000)]
    public int MinBlockerAnswers { get; set; } = 3;

    /// <summary>Signals (of 4) that must hold for the pattern to show.</summary>
    [Range(1, 4)]
    public int MinSignals { get; set; } = 2;
}

/// <summary>
/// Tool-first (ツール先行型): the tool was rolled out before the way of working. Signals: usage low or falling;
/// the pulse says it is hard or slower than the old way; people fall back to paper or Excel; "how to use"
/// is the top blocker.
/// </summary>
public sealed class ToolFirstRule(IOptions<ToolFirstOptions> options) : IDiagnosisRule
{
    public const string Key = "tool-first";
    public const string HowTo = "howto";
    public const string Slower = "slower";

    public string Pattern => Key;

    public DiagnosisFinding Evaluate(DiagnosisFacts facts, Texts t)
    {
        var o = options.Value;
        var latest = facts.Pulses.Count > 0 ? facts.Pulses[^1] : null;
        var blockers = latest?.Blockers ?? new Dictionary<string, int>();
        var blockerTotal = blockers.Values.Sum();
        return new DiagnosisFinding(Key, [Usage(facts, o, t), Ease(latest, blockers, blockerTotal, o, t), Fallback(latest, o, t), TopHowTo(blockers, blockerTotal, o, t)],
            o.MinSignals, t[nameof(Strings.Diagnosis_ToolFirstAction)], []);
    }

    private static DiagnosisSignal Usage(DiagnosisFacts facts, ToolFirstOptions o, Texts t)
    {
        var (measured, points) = facts.UsageRates();
        if (points.Count == 0)
        {
            return new("usage", null, "");
        }
        var now = points[^1].Rate;
        // Measured weeks are compared with 4 weeks before; pulses with the previous pulse.
        double? before = measured ? (points.Count >= 5 ? points[^5].Rate : points.Count >= 2 ? points[0].Rate : null)
            : points.Count >= 2 ? points[^2].Rate : null;
        var holds = now < o.LowUsageRate || (before is { } b && b - now >= o.FallingBy);
        var label = t[measured ? nameof(Strings.Diagnosis_MeasuredRate) : nameof(Strings.Diagnosis_PulseRate)];
        var evidence = before is { } was
            ? t.Format(nameof(Strings.Diagnosis_RateChange), label, now, was)
            : t.Format(nameof(Strings.Diagnosis_RateNow), label, now);
        return new("usage", holds, evidence);
    }

    private static DiagnosisSignal Ease(PulsePoint? latest, IReadOnlyDictionary<string, int> blockers, int blockerTotal, ToolFirstOptions o, Texts t)
    {
        double? slower = blockerTotal >= o.MinBlockerAnswers ? (double)blockers.GetValueOrDefault(Slower) / blockerTotal : null;
        if (latest?.Ease is null && slower is null)
        {
            return new("ease", null, "");
        }
        var holds = latest?.Ease <= o.EaseAtMost || slower >= o.SlowerShareAtLeast;
        var parts = new List<string>();
        if (latest?.Ease is { } ease)
        {
            parts.Add(t.Format(nameof(Strings.Diagnosis_Ease), ease));
        }
        if (slower is { } share)
        {
            parts.Add(t.Format(nameof(Strings.Diagnosis_Slower), share));
        }
        return new("ease", holds, string.Join(t.IsEnglish ? ", " : "、", parts));
    }

    private static DiagnosisSignal Fallback(PulsePoint? latest, ToolFirstOptions o, Texts t) => latest?.FallbackRate is { } rate
        ? new("fallback", rate >= o.FallbackAtLeast, t.Format(nameof(Strings.Diagnosis_Fallback), rate))
        : new("fallback", null, "");

    private static DiagnosisSignal TopHowTo(IReadOnlyDictionary<string, int> blockers, int blockerTotal, ToolFirstOptions o, Texts t)
    {
        if (blockerTotal < o.MinBlockerAnswers)
        {
            return new("howto", null, "");
        }
        var howTo = blockers.GetValueOrDefault(HowTo);
        // A tie for the top counts: "how to use" is then as much the problem as anything else.
        return new("howto", howTo > 0 && howTo == blockers.Values.Max(), t.Format(nameof(Strings.Diagnosis_HowTo), howTo, blockerTotal));
    }
}
