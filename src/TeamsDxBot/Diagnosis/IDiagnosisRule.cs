using TeamsDxBot.Localization;

namespace TeamsDxBot.Diagnosis;

/// <summary>One signal of a pattern: whether it holds (null: not enough data, so not counted) and its figures.</summary>
public sealed record DiagnosisSignal(string Key, bool? Holds, string Evidence);

/// <summary>A rule's verdict: the signals, how many must hold, and what to do about it.</summary>
/// <param name="Departments">Departments the action names (the isolated promoter's departments without key users).</param>
public sealed record DiagnosisFinding(string Pattern, IReadOnlyList<DiagnosisSignal> Signals, int Needed, string Action, IReadOnlyList<string> Departments)
{
    public int Holding => Signals.Count(s => s.Holds == true);

    public bool Shows => Holding >= Needed;
}

/// <summary>One failure pattern, with explicit thresholds from its options.</summary>
public interface IDiagnosisRule
{
    /// <summary>Stable key (tool-first, isolated-promoter, one-off).</summary>
    string Pattern { get; }

    DiagnosisFinding Evaluate(DiagnosisFacts facts, Texts t);
}
