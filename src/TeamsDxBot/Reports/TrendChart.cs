using ScottPlot;

namespace TeamsDxBot.Reports;

/// <summary>One line of a trend chart: percentages 0–100 per run; null = no figure (suppressed for anonymity).</summary>
public sealed record TrendSeries(string Name, IReadOnlyList<double?> Values);

/// <summary>What a trend chart shows; <see cref="TrendSeries.Values"/> line up with <see cref="XLabels"/>.</summary>
public sealed record TrendChartData(string Title, IReadOnlyList<string> XLabels, IReadOnlyList<TrendSeries> Series, double? Target, string TargetLabel, string YLabel);

/// <summary>Renders the pulse trend (weekly-use rate per department) as a PNG for an Adaptive Card image.</summary>
public static class TrendChart
{
    /// <summary>
    /// Every label uses this family: titles and department names are Japanese, and without a CJK font
    /// Skia draws empty boxes. The font file ships with the app (<see cref="FontFile"/>, IPA Font License),
    /// so no host needs it installed.
    /// </summary>
    public const string FontFamily = "IPAGothic";

    /// <summary>The shipped font, next to the app's assemblies.</summary>
    public static string FontFile => Path.Combine(AppContext.BaseDirectory, "Reports", "Fonts", "ipag.ttf");

    private static readonly Lazy<bool> ShippedFontRegistered = new(() =>
    {
        if (!File.Exists(FontFile))
        {
            return false;
        }
        Fonts.AddFontFile(FontFamily, FontFile);
        // The title is bold: with only the regular face registered, the bold one is looked up among the
        // installed fonts, and a host without IPAGothic installed draws the title without Japanese glyphs.
        // The file has one weight, so the bold title draws it regular.
        Fonts.AddFontFile(FontFamily, FontFile, bold: true);
        return true;
    });

    // An x tick label like "11/30" at TickFontSize needs about this many (logical) pixels next to its neighbours.
    private const int PixelsPerXLabel = 60;

    /// <summary>
    /// Logical size: about the width Teams gives an image in a full-width card (400–500 px), so the font
    /// sizes below are close to what the reader sees, not shrunk from a wider canvas.
    /// </summary>
    public const int DefaultWidth = 480;
    public const int DefaultHeight = 320;

    /// <summary>Pixels per logical pixel: sharp on high-density screens and when Teams enlarges the image.</summary>
    public const int DefaultScale = 2;

    internal const float TitleFontSize = 20;
    internal const float TickFontSize = 15;
    internal const float LegendFontSize = 15;
    internal const float TargetFontSize = 14;

    /// <summary>True when the shipped font file is there and registered under <see cref="FontFamily"/>.</summary>
    public static bool ShipsFont => ShippedFontRegistered.Value;

    /// <summary>True when Skia resolves <see cref="FontFamily"/> itself rather than a fallback without Japanese glyphs.</summary>
    public static bool FontInstalled()
    {
        _ = ShippedFontRegistered.Value;
        return string.Equals(Fonts.GetTypeface(FontFamily, bold: false, italic: false)?.FamilyName, FontFamily, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A PNG of <paramref name="width"/> × <paramref name="height"/> logical pixels drawn at <paramref name="scale"/> pixels each.</summary>
    public static byte[] RenderPng(TrendChartData data, int width = DefaultWidth, int height = DefaultHeight, int scale = DefaultScale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 150);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        using var plot = Build(data, width, scale);
        return plot.GetImageBytes(width * scale, height * scale, ImageFormat.Png);
    }

    /// <summary>The plot before rendering; tests inspect it (and, once rendered, map coordinates to pixels).</summary>
    internal static Plot Build(TrendChartData data, int width, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 200);
        _ = ShippedFontRegistered.Value;

        var points = Math.Max(data.XLabels.Count, data.Series.Count == 0 ? 0 : data.Series.Max(s => s.Values.Count));
        var plot = new Plot { ScaleFactor = scale };
        var palette = new ScottPlot.Palettes.Category10();
        var xs = Enumerable.Range(0, points).Select(i => (double)i).ToArray();
        // Thin lines and small markers once a year of weekly runs is on one chart.
        var dense = points > 20;

        for (var i = 0; i < data.Series.Count; i++)
        {
            var series = data.Series[i];
            // NaN breaks the line, so a suppressed week shows as a gap instead of a drop to zero.
            var ys = xs.Select(x => (int)x < series.Values.Count && series.Values[(int)x] is double v ? Math.Clamp(v, 0, 100) : double.NaN).ToArray();
            var line = plot.Add.Scatter(xs, ys, palette.GetColor(i));
            line.LineWidth = dense ? 2 : 3;
            line.MarkerSize = dense ? 5 : 9;
            line.MarkerShape = MarkerShape.FilledCircle;
            line.LegendText = series.Name;
        }

        if (data.Target is double target)
        {
            var targetLine = plot.Add.HorizontalLine(Math.Clamp(target, 0, 100), 1.5f, Colors.DimGray, LinePattern.Dashed);
            targetLine.ExcludeFromLegend = true;
            if (!string.IsNullOrWhiteSpace(data.TargetLabel))
            {
                // In the data area beside the line (under it near 100%): ScottPlot's own line label sits rotated on the axis.
                var label = plot.Add.Text(data.TargetLabel, -0.5, Math.Clamp(target, 0, 100));
                label.LabelAlignment = target > 90 ? Alignment.UpperLeft : Alignment.LowerLeft;
                label.LabelFontColor = Colors.DimGray;
                label.LabelFontSize = TargetFontSize;
                label.OffsetX = 4;
                label.OffsetY = target > 90 ? 4 : -2;
                label.LabelStyle.FontName = FontFamily;
            }
        }

        plot.Title(data.Title, size: TitleFontSize);
        // No axis title: the ticks say "%" and the title says what is measured; the width goes to the data.
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.TickLabelStyle.FontSize = TickFontSize;
        }
        plot.Axes.Left.SetTicks([0, 20, 40, 60, 80, 100], ["0%", "20%", "40%", "60%", "80%", "100%"]);
        // A little room past 0 and 100 so markers on the limits are not cut in half.
        plot.Axes.SetLimitsY(-3, 103);
        plot.Axes.SetLimitsX(-0.5, Math.Max(points, 1) - 0.5);
        var step = XLabelStep(points, width);
        // Counted back from the latest run, which is the one a reader looks for.
        var ticks = Enumerable.Range(0, points).Where(i => (points - 1 - i) % step == 0).ToArray();
        plot.Axes.Bottom.SetTicks(ticks.Select(i => (double)i).ToArray(), ticks.Select(i => i < data.XLabels.Count ? data.XLabels[i] : "").ToArray());

        if (data.Series.Count > 1)
        {
            // Below the data area, in rows: beside it, it would take a third of a card-wide image; inside, it would hide points.
            plot.ShowLegend(Edge.Bottom);
            plot.Legend.Orientation = Orientation.Horizontal;
            plot.Legend.FontSize = LegendFontSize;
            plot.Legend.SymbolWidth = 24;
        }

        SetFont(plot);
        return plot;
    }

    /// <summary>Shows every n-th run date so labels never overlap, keeping the spacing even.</summary>
    private static int XLabelStep(int points, int width)
    {
        var fit = Math.Max(2, (width - 120) / PixelsPerXLabel);
        return Math.Max(1, (int)Math.Ceiling(points / (double)fit));
    }

    // Set per plot rather than with plot.Font.Set, which also changes ScottPlot's process-wide default.
    private static void SetFont(Plot plot)
    {
        plot.Axes.Title.Label.FontName = FontFamily;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontName = FontFamily;
            axis.TickLabelStyle.FontName = FontFamily;
        }
        plot.Legend.FontName = FontFamily;
    }
}
