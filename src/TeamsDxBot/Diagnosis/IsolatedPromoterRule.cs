using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Diagnosis;

/// <summary>Thresholds of the isolated-promoter pattern (section <c>Diagnosis:IsolatedPromoter</c>).</summary>
public sealed class IsolatedPromoterOptions
{
    public const string Section = "Diagnosis:IsolatedPromoter";

    /// <summary>Departments of the initiative without a key user, at least this many.</summary>
    [Range(1, 1000)]
    public int DepartmentsWithoutKeyUser { get; set; } = 1;

    /// <summary>Questions in the window needed before who they landed on and who answered them say anything.</summary>
    [Range(1, 1000)]
    public int MinQuestions { get; set; } = 5;

    /// <summary>Share of the window's questions assigned to a promoter (their department had no key user), at least this.</summary>
    [Range(0.0, 1.0)]
    public double LandingOnPromoterShare { get; set; } = 0.3;

    /// <summary>Share of the window's answered questions first answered by a promoter, at least this.</summary>
    [Range(0.0, 1.0)]
    public double AnsweredByPromoterShare { get; set; } = 0.5;

    /// <summary>Questions gone past due, escalated and still unanswered, at least this many.</summary>
    [Range(1, 1000)]
    public int OpenEscalations { get; set; } = 3;

    /// <summary>Signals (of 4) that must hold for the pattern to show.</summary>
    [Range(1, 4)]
    public int MinSignals { get; set; } = 2;
}

/// <summary>
/// Isolated promoter (推進者孤立型): the promoter carries the rollout alone. Signals: departments without key
/// users; questions landing on the promoter; the promoter answering most questions; escalations piling up.
/// </summary>
public sealed class IsolatedPromoterRule(IOptions<IsolatedPromoterOptions> options) : IDiagnosisRule
{
    public const string Key = "isolated-promoter";

    public string Pattern => Key;

    public DiagnosisFinding Evaluate(DiagnosisFacts facts, Texts t)
    {
        var o = options.Value;
        var supported = facts.People.SelectMany(p => p.KeyUserOf).ToHashSet(StringComparer.Ordinal);
        var without = facts.Departments.Where(d => !supported.Contains(d.Id)).Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
        var separator = t.IsEnglish ? ", " : "、";
        var departments = facts.Departments.Count == 0 ? new DiagnosisSignal("departments", null, "")
            : new("departments", without.Count >= o.DepartmentsWithoutKeyUser, without.Count == 0
                ? t.Format(nameof(Strings.Diagnosis_NoKeyUserNone), facts.Departments.Count)
                : t.Format(nameof(Strings.Diagnosis_NoKeyUser), without.Count, facts.Departments.Count, string.Join(separator, without)));

        var asked = facts.Questions;
        var landing = asked.Count < o.MinQuestions ? new DiagnosisSignal("landing", null, "") : Share("landing",
            asked.Count(q => q.AssigneeIds.Any(facts.PromoterIds.Contains)), asked.Count, o.LandingOnPromoterShare, nameof(Strings.Diagnosis_LandingOnPromoter), t);

        var firstAnswers = asked.Select(q => q.History.FirstOrDefault(e => e.Kind == "answered")).OfType<Questions.QuestionEvent>().ToList();
        var answering = firstAnswers.Count < o.MinQuestions ? new DiagnosisSignal("answering", null, "") : Share("answering",
            firstAnswers.Count(e => facts.PromoterIds.Contains(e.Actor)), firstAnswers.Count, o.AnsweredByPromoterShare, nameof(Strings.Diagnosis_AnsweredByPromoter), t);

        var escalations = new DiagnosisSignal("escalations", facts.OpenEscalated.Count >= o.OpenEscalations,
            t.Format(nameof(Strings.Diagnosis_OpenEscalations), facts.OpenEscalated.Count));

        var action = without.Count == 0 ? t[nameof(Strings.Diagnosis_IsolatedAction)]
            : t.Format(nameof(Strings.Diagnosis_IsolatedActionNamed), string.Join(separator, without));
        return new DiagnosisFinding(Key, [departments, landing, answering, escalations], o.MinSignals, action, without);
    }

    private static DiagnosisSignal Share(string key, int part, int whole, double threshold, string text, Texts t)
    {
        var share = (double)part / whole;
        return new(key, share >= threshold, t.Format(text, share, part, whole));
    }
}
