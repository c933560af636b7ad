using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;

namespace TeamsDxBot.Tests.Pulse;

public sealed class PulseKpisTests
{
    private static readonly PulseRun Run = new()
    {
        TenantId = "t",
        Id = "r1",
        InitiativeId = "i",
        ToolName = "経費精算",
        Questions = PulseDefaults.Questions,
        Anonymous = true,
        Invited = new Dictionary<string, int> { ["sales"] = 10, ["plant"] = 6, ["small"] = 4, ["tiny"] = 2 },
    };

    private static PulseResponse Answer(string key, string department, string usage, string ease = "3", string fallback = "no", string? comment = null)
    {
        var answers = new Dictionary<string, string> { ["usage"] = usage, ["ease"] = ease, ["fallback"] = fallback };
        if (comment is not null)
        {
            answers["comment"] = comment;
        }
        return new PulseResponse { RespondentKey = key, DepartmentId = department, Answers = answers, Name = "should not show" };
    }

    private static RunTally Tally(params PulseResponse[] responses)
    {
        var tally = new RunTally();
        foreach (var r in responses)
        {
            tally.For(r.DepartmentId).Add(r, PulseDefaults.Questions, +1);
        }
        return tally;
    }

    private static IEnumerable<PulseResponse> Many(string department, int count, string usage = "daily", string? comment = null) =>
        Enumerable.Range(0, count).Select(i => Answer($"{department}{i}", department, i == 0 ? "none" : usage, comment: comment));

    [Fact]
    public void A_department_of_four_never_shows_figures_or_comments()
    {
        var tally = Tally([.. Many("sales", 8), .. Many("small", 4, comment: "部長が使っていない")]);
        var figures = PulseKpis.Figures(Run, tally, k: 5);

        // The four fold into "other"; alone they would stay hidden, so the smallest shown department
        // (sales) joins them — otherwise company minus sales would give the four away.
        Assert.DoesNotContain(figures.Departments, d => d.Key is "small" or "sales");
        var other = Assert.Single(figures.Departments);
        Assert.Equal(GroupFigures.Other, other.Key);
        Assert.False(other.Suppressed);
        Assert.Equal(12, other.Respondents);
        Assert.Equal(10 / 12.0, other.UseRate);
        Assert.Equal(4, other.Comments.Count);
        Assert.All(other.Comments, c => Assert.Null(c.Name));
        Assert.All(figures.Company.Comments, c => Assert.Null(c.Name));

        // With only the four answering, nothing at all is shown.
        var alone = PulseKpis.Figures(Run, Tally([.. Many("small", 4, comment: "x")]), k: 5);
        Assert.True(alone.Company.Suppressed);
        Assert.Empty(alone.Company.Comments);
        Assert.All(alone.Departments, d => Assert.True(d.Suppressed));
        Assert.All(alone.Departments, d => Assert.Empty(d.Comments));
    }

    [Fact]
    public void Small_departments_fold_into_other_which_shows_once_it_reaches_k()
    {
        var tally = Tally([.. Many("sales", 9), .. Many("plant", 6), .. Many("small", 3), .. Many("tiny", 2)]);
        var figures = PulseKpis.Figures(Run, tally, k: 5);
        Assert.Equal(["plant", "sales", GroupFigures.Other], figures.Departments.Select(d => d.Key));
        var other = figures.For(GroupFigures.Other)!;
        Assert.False(other.Suppressed);
        Assert.Equal(5, other.Respondents);
        Assert.Equal(6, other.Invited);
        Assert.Equal(3 / 5.0, other.UseRate);
        Assert.Equal(8 / 9.0, figures.For("sales")!.UseRate);
        Assert.Equal(8 / 10.0, figures.For("sales")!.UseRateOfHeadcount);
        Assert.Equal(0.9, figures.For("sales")!.ResponseRate);
        Assert.Equal(3.0, figures.For("sales")!.Ease);
        Assert.Equal(0.0, figures.For("sales")!.FallbackRate);
    }

    [Fact]
    public void Under_k_at_company_level_nothing_is_shown()
    {
        var figures = PulseKpis.Figures(Run, Tally([.. Many("sales", 4)]), k: 5);
        Assert.True(figures.Company.Suppressed);
        Assert.Null(figures.Company.UseRate);
        Assert.All(figures.Departments, d => Assert.True(d.Suppressed));
    }

    [Fact]
    public void A_changed_answer_moves_between_buckets_and_its_comment_goes()
    {
        var tally = new Tally();
        var first = Answer("a", "sales", "daily", ease: "2", comment: "遅い");
        tally.Add(first, PulseDefaults.Questions, +1);
        tally.Add(first, PulseDefaults.Questions, -1);
        tally.Add(Answer("a", "sales", "none", ease: "5"), PulseDefaults.Questions, +1);
        Assert.Equal(1, tally.Respondents);
        Assert.Equal(0, tally.Count("usage", "daily"));
        Assert.Equal(1, tally.Count("usage", "none"));
        Assert.Equal(5.0, tally.Mean("ease"));
        Assert.Empty(tally.Comments);
    }

    private static readonly Initiative Tool = new() { TenantId = "t", Id = "i", Name = "x", GoLive = new(2026, 9, 1), TargetDate = new(2026, 12, 1), TargetPercent = 70 };

    [Theory]
    [InlineData(new[] { 0.5, 0.6, 0.72 }, "2026-11-01", KpiStatus.OnTrack)] // at or above target
    [InlineData(new[] { 0.40, 0.50, 0.60 }, "2026-11-01", KpiStatus.OnTrack)] // +10 pts a week reaches 70% well before Dec 1
    [InlineData(new[] { 0.50, 0.50, 0.51 }, "2026-11-01", KpiStatus.AtRisk)] // flat: falls short
    [InlineData(new[] { 0.60, 0.55, 0.50 }, "2026-11-01", KpiStatus.AtRisk)] // falling
    [InlineData(new[] { 0.60, 0.65, 0.69 }, "2026-12-01", KpiStatus.Below)] // date reached, still under
    [InlineData(new[] { 0.55 }, "2026-11-01", KpiStatus.AtRisk)] // one run under target: no trend to rely on
    public void Status_against_target(double[] rates, string today, KpiStatus expected)
    {
        var start = new DateOnly(2026, 10, 5);
        var trend = rates.Select((r, i) => (start.AddDays(7 * i), (double?)r)).ToList();
        Assert.Equal(expected, PulseKpis.Status(Tool, trend, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void No_figures_means_no_data()
    {
        Assert.Equal(KpiStatus.NoData, PulseKpis.Status(Tool, [(new DateOnly(2026, 10, 5), null)], new DateOnly(2026, 11, 1)));
    }
}
