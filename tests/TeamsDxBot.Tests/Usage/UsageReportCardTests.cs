using Newtonsoft.Json.Linq;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Pulse;
using TeamsDxBot.Reports;
using TeamsDxBot.Usage;

namespace TeamsDxBot.Tests.Usage;

/// <summary>The launch curve's axes, and the measured-usage cards through the official adaptivecards parser.</summary>
public sealed class UsageReportCardTests
{
    private static readonly Initiative Tool = new()
    {
        TenantId = "t", Id = "i1", Name = "経費精算システム", GoLive = new(2026, 10, 1), TargetDate = new(2027, 1, 1), TargetPercent = 60,
    };

    /// <summary>Weeks from 9/14 (two weeks before go-live) to 11/23; sales climbs fast, plant slowly.</summary>
    private static UsageOverview Overview()
    {
        var weeks = Enumerable.Range(0, 11).Select(i => new DateOnly(2026, 9, 14).AddDays(7 * i)).ToList();
        UsageSeries Series(string? id, int headcount, Func<int, int> active) =>
            new(id, weeks.Select((w, i) => new UsageWeekFigures(w, headcount, active(i), 0, 0, 0, headcount - active(i))).ToList());
        return new UsageOverview(Tool, weeks[^1],
        [
            Series(null, 20, i => Math.Min(20, i * 2)),
            Series("d1", 10, i => Math.Min(10, i * 2)),
            Series("d2", 10, i => Math.Max(0, i - 2)),
        ]);
    }

    private static UsageReport Report(UsageOverview overview, bool names) => new(Tool, overview.AsOf,
        overview.Groups.Select(g => new UsageLine(g.DepartmentId, g.DepartmentId switch { null => "全社", "d1" => "営業部", _ => "製造部" }, g.Weeks[^1], 0.1,
            g.DepartmentId == "d2" ? KpiStatus.AtRisk : KpiStatus.OnTrack, g.DepartmentId == "d2" ? 0.9 : null, g.DepartmentId == "d2")).ToList(),
        new UsageReportAudience(true, new HashSet<string>(), names, new HashSet<string>()), 15, 2)
    {
        Curve = new Uri("http://127.0.0.1:3978/files/x/launch-i1.png?exp=1&sig=a"),
    };

    [Fact]
    public void The_launch_curve_counts_weeks_from_the_go_live_week_with_a_line_per_group()
    {
        var overview = Overview();

        var data = LaunchCurve.Data(Texts.English, overview, Report(overview, true))!;

        // Go-live on Thursday 10/1: its week (Monday 9/28) is week 0; the two weeks before are left out.
        Assert.Equal(["W0", "W1", "W2"], data.XLabels.Take(3));
        Assert.Equal(9, data.XLabels.Count);
        Assert.Equal(["全社", "営業部", "製造部"], data.Series.Select(s => s.Name));
        Assert.Equal([40, 60, 80, 100], data.Series[1].Values.Take(4).Select(v => v!.Value));
        Assert.Equal([0, 10, 20], data.Series[2].Values.Take(3).Select(v => v!.Value));
        Assert.Equal(60, data.Target);
        Assert.Equal("経費精算システム: launch curve (measured)", data.Title);
        var png = TrendChart.RenderPng(data, height: LaunchCurve.Height);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public void An_English_title_with_a_Japanese_tool_name_is_drawn_with_real_glyphs()
    {
        // Missing glyphs all draw the same empty box: two names of the same length would give the same pixels.
        SkiaSharp.SKBitmap Title(string name)
        {
            var overview = Overview() with { Initiative = Tool with { Name = name } };
            var data = LaunchCurve.Data(Texts.English, overview, Report(overview, true) with { Initiative = overview.Initiative })!;
            var bytes = TrendChart.RenderPng(data, height: LaunchCurve.Height); using var full = SkiaSharp.SKBitmap.Decode(bytes);
            var top = new SkiaSharp.SKBitmap(960, 60);
            full.ExtractSubset(top, new SkiaSharp.SKRectI(0, 0, 960, 60));
            return top.Copy();
        }

        using var a = Title("経費精算システム");
        using var b = Title("勤怠管理システム");
        var differences = 0;
        for (var x = 0; x < 960; x++)
        {
            for (var y = 0; y < 60; y++)
            {
                differences += a.GetPixel(x, y) == b.GetPixel(x, y) ? 0 : 1;
            }
        }
        Assert.True(differences > 100, $"{differences} pixels differ");
    }

    [Fact]
    public async Task Every_measured_usage_card_passes_the_official_adaptivecards_parser()
    {
        var overview = Overview();
        await TeamsDxBot.Tests.Cards.OfficialParser.AssertParsesInBothLanguagesAsync(t =>
        {
            var cards = new Dictionary<string, JObject>
            {
                ["departments-names"] = UsageReportCards.Departments(t, Report(overview, true)),
                ["departments-no-names"] = UsageReportCards.Departments(t, Report(overview, false) with { Curve = null }),
                ["section"] = TeamsDxBot.Cards.AdaptiveCard.Create(UsageReportCards.Section(t, Report(overview, true)), UsageReportCards.Actions(t, Report(overview, true))),
                ["names"] = UsageReportCards.Names(t, Tool, overview.AsOf,
                [
                    new NamedGroup("営業部", [new NamedPerson("佐藤 花子", null)], [new NamedPerson("鈴木 一郎", new DateOnly(2026, 10, 5))]),
                    new NamedGroup("製造部", [], Enumerable.Range(1, 40).Select(i => new NamedPerson($"社員{i}", new DateOnly(2026, 11, 2))).ToList()),
                ]),
                ["names-empty"] = UsageReportCards.Names(t, Tool, overview.AsOf, [new NamedGroup("営業部", [], [])]),
                ["csv"] = UsageReportCards.CsvReady(t, new Uri("http://127.0.0.1:3978/files/x/usage.csv?exp=1&sig=a"), 27),
            };
            return cards.Select(c => (c.Key, c.Value));
        });
    }

    [Fact]
    public void English_measured_usage_cards_use_no_Japanese_punctuation()
    {
        var overview = Overview();
        var text = UsageReportCards.Departments(Texts.English, Report(overview, true)).ToString()
            + UsageReportCards.Names(Texts.English, Tool, overview.AsOf, [new NamedGroup("Sales", [new NamedPerson("Sato", null)], [new NamedPerson("Suzuki", new DateOnly(2026, 10, 5))])]);

        // The sample names have none of these, so any found is the bot's own wording.
        Assert.Equal(-1, text.IndexOfAny(['（', '）', '、']));
        Assert.Contains("Suzuki (last active 2026-10-05)", text);
    }
}
