using System.Globalization;
using Microsoft.Extensions.Options;
using TeamsDxBot.Anonymity;
using TeamsDxBot.Localization;
using TeamsDxBot.Questions;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Diagnosis;

public enum ThanksReason
{
    /// <summary>Their department's usage rate rose the most.</summary>
    Rise,

    /// <summary>They answered questions fastest (median time to the first answer).</summary>
    Fastest,
}

/// <summary>A thank-you the executives' monthly card proposes to one key user, with the figure that earned it.</summary>
/// <param name="DepartmentIds">The departments the key user supports: who "and their department" adds.</param>
public sealed record ThanksProposal(Person KeyUser, IReadOnlyList<string> DepartmentIds, ThanksReason Reason, string? DepartmentName, bool Measured,
    double From, double To, TimeSpan? Median, int Answered)
{
    public string ReasonText(Texts t) => Reason == ThanksReason.Rise
        ? t.Format(nameof(Strings.Diagnosis_ThanksRise), DepartmentName, t[Measured ? nameof(Strings.Diagnosis_MeasuredRate) : nameof(Strings.Diagnosis_PulseRate)], From, To)
        : t.Format(nameof(Strings.Diagnosis_ThanksFastest), Duration(t, Median ?? TimeSpan.Zero), Answered);

    private static string Duration(Texts t, TimeSpan span) => span < TimeSpan.FromHours(1)
        ? t.Format(nameof(Strings.Diagnosis_Minutes), Math.Max(1, (int)Math.Round(span.TotalMinutes)))
        : t.Format(nameof(Strings.Diagnosis_Hours), span.TotalHours);
}

/// <summary>
/// Whom the executives could thank this month: the key users of the department whose usage rose most (the
/// measured weekly active rate when imported, else the pulses' use rate; latest against 4 weeks earlier),
/// and the key user who answered questions fastest (as the reports show them, folded under k askers).
/// </summary>
public sealed class Recognition(IOptions<DiagnosisOptions> options, IOptions<AnonymityOptions> anonymity)
{
    public static string Period(DateTimeOffset now, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(now, zone).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public IReadOnlyList<ThanksProposal> Propose(DiagnosisFacts facts)
    {
        var o = options.Value;
        var covered = facts.Departments.ToDictionary(d => d.Id, d => d.Name);
        var keyUsers = facts.People.Where(p => p.KeyUserOf.Count > 0).ToList();
        IReadOnlyList<string> Supported(Person p) => p.KeyUserOf.Where(covered.ContainsKey).Order(StringComparer.Ordinal).ToList();

        var rises = Rises(facts).Where(r => r.To - r.From >= o.RecognitionMinRise && covered.ContainsKey(r.DepartmentId))
            .OrderByDescending(r => r.To - r.From).ThenBy(r => covered[r.DepartmentId], StringComparer.Ordinal)
            .Select(r => keyUsers.Where(p => p.KeyUserOf.Contains(r.DepartmentId)).OrderBy(p => p.DisplayName, StringComparer.Ordinal)
                .Select(p => new ThanksProposal(p, Supported(p), ThanksReason.Rise, covered[r.DepartmentId], r.Measured, r.From, r.To, null, 0)).ToList())
            .Where(list => list.Count > 0)
            .ToList();

        var byId = keyUsers.ToDictionary(p => p.AadObjectId);
        var firstAnswers = facts.Questions.Select(q => q.History.FirstOrDefault(e => e.Kind == "answered")).OfType<QuestionEvent>()
            .GroupBy(e => e.Actor).ToDictionary(g => g.Key, g => g.Count());
        var fastest = QuestionMeasures.Shown(facts.Questions, anonymity.Value.Threshold).KeyUsers
            .Where(m => m.MedianTimeToFirstAnswer is not null && byId.ContainsKey(m.Key) && !facts.PromoterIds.Contains(m.Key)
                && firstAnswers.GetValueOrDefault(m.Key) >= o.RecognitionMinAnswered)
            .OrderBy(m => m.MedianTimeToFirstAnswer).ThenBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new ThanksProposal(byId[m.Key], Supported(byId[m.Key]), ThanksReason.Fastest, null, false, 0, 0, m.MedianTimeToFirstAnswer, firstAnswers[m.Key]))
            .FirstOrDefault();

        // The most risen department's key users first, then the fastest answerer, then other risen departments.
        IEnumerable<ThanksProposal> ordered = [.. rises.FirstOrDefault() ?? [], .. fastest is null ? [] : new[] { fastest }, .. rises.Skip(1).SelectMany(r => r)];
        return ordered.DistinctBy(p => p.KeyUser.AadObjectId).Take(o.RecognitionMaxProposals).ToList();
    }

    private static IEnumerable<(string DepartmentId, bool Measured, double From, double To)> Rises(DiagnosisFacts facts)
    {
        if (facts.Usage is { } usage && usage.Company.Weeks.Any(w => w.ActiveRate is not null))
        {
            foreach (var series in usage.Groups.Where(g => g.DepartmentId is not null))
            {
                var points = series.Weeks.Where(w => w.ActiveRate is not null).Select(w => (Date: w.Week, Rate: w.ActiveRate!.Value)).ToList();
                if (Change(points) is { } change)
                {
                    yield return (series.DepartmentId!, true, change.From, change.To);
                }
            }
            yield break;
        }
        foreach (var id in facts.Pulses.SelectMany(p => p.Departments.Keys).Distinct(StringComparer.Ordinal))
        {
            var points = facts.Pulses.Where(p => p.Departments.ContainsKey(id)).Select(p => (p.Date, Rate: p.Departments[id])).ToList();
            if (Change(points) is { } change)
            {
                yield return (id, false, change.From, change.To);
            }
        }
    }

    /// <summary>The latest rate against the one 4 weeks before it (or the earliest, when the series is shorter).</summary>
    private static (double From, double To)? Change(IReadOnlyList<(DateOnly Date, double Rate)> points)
    {
        if (points.Count < 2)
        {
            return null;
        }
        var latest = points[^1];
        var from = points.LastOrDefault(p => p.Date <= latest.Date.AddDays(-28));
        return (from == default ? points[0].Rate : from.Rate, latest.Rate);
    }
}
