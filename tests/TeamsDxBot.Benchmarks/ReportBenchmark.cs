using System.Diagnostics;
using System.Text.Json;
using TeamsDxBot.Calendar;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Pulse;
using TeamsDxBot.Reports;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Benchmarks;

/// <summary>
/// A year of weekly pulses for a company: closed runs stored as the scheduler leaves them (final figures
/// per department in the run row), and this week's run open with its rollups written by the answer
/// writer. Then the promoter's company report is built again and again (ReportBuilder.BuildAsync,
/// everything in scope) and its median time printed, with the chart and the whole card beside it.
/// </summary>
public static class ReportBenchmark
{
    private const string Tenant = IntakeBenchmark.Tenant;

    public static async Task<int> RunAsync(Args args)
    {
        var people = args.Int("people", 10_000);
        var runCount = args.Int("runs", 52);
        var departmentCount = args.Int("departments", 20);
        var samples = args.Int("samples", 21);
        var openShare = args.Double("open-share", 0.6);
        var storage = Environment.GetEnvironmentVariable("TEAMSDXBOT_BENCH_STORAGE") is { Length: > 0 } s ? s : "UseDevelopmentStorage=true";

        var setup = Stopwatch.StartNew();
        await using var bot = await InProcessBot.StartAsync(new Dictionary<string, string>
        {
            ["Storage:ConnectionString"] = storage,
            ["Storage:TablePrefix"] = "r" + Guid.NewGuid().ToString("N")[..10],
            ["Delivery:RunEngine"] = "false",
            ["Pulse:CheckInterval"] = "30.00:00:00",
            ["Questions:CheckInterval"] = "30.00:00:00",
            ["Demo:Seed"] = "false",
        });
        var now = bot.Get<TimeProvider>().GetUtcNow();
        var random = new Random(20261124);

        var departments = new List<(string Id, int Headcount)>();
        var sizes = Headcounts(people, departmentCount);
        foreach (var (name, i) in IntakeBenchmark.DepartmentNames(departmentCount).Select((n, i) => (n, i)))
        {
            departments.Add(((await bot.Get<DepartmentRepository>().CreateAsync(Tenant, name, now, default)).Department!.Id, sizes[i]));
        }
        var invited = departments.ToDictionary(d => d.Id, d => d.Headcount);

        var zone = bot.Get<PersonZones>().Company;
        var thisMonday = Monday(DateOnly.FromDateTime(WallClock.ToLocal(now, zone)));
        var firstMonday = thisMonday.AddDays(-7 * runCount);
        var initiative = new Initiative
        {
            TenantId = Tenant,
            Id = "bench-tool",
            Name = "経費精算システム",
            GoLive = firstMonday,
            TargetDate = firstMonday.AddMonths(Initiative.DefaultTargetMonths),
            CreatedAt = WallClock.ToUtc(firstMonday.AddDays(-14).ToDateTime(TimeOnly.MinValue), zone),
        };
        await bot.Get<InitiativeRepository>().AddAsync(initiative, default);

        var runs = bot.Get<PulseRunRepository>();
        for (var w = 0; w < runCount; w++)
        {
            var local = firstMonday.AddDays(7 * w).ToDateTime(new TimeOnly(10, 0));
            var created = WallClock.ToUtc(local, zone);
            await runs.TryAddAsync(Run(initiative, local, created, invited) with
            {
                InvitationsWritten = true,
                Summary = Summary(departments, progress: (w + 1) / (double)runCount, random, created),
                ReportedAt = created.AddDays(3).AddMinutes(5),
            }, default);
        }
        Console.Error.WriteLine($"{runCount} closed runs written in {setup.Elapsed.TotalSeconds:F1}s");

        // This week's run, open, with its share of answers so far through the answer writer (the rollups a live report reads).
        var openLocal = thisMonday.ToDateTime(new TimeOnly(10, 0));
        var open = Run(initiative, openLocal, WallClock.ToUtc(openLocal, zone), invited) with { InvitationsWritten = true };
        if (open.ClosesAt <= now)
        {
            open = open with { ClosesAt = now.AddDays(2) };
        }
        await runs.TryAddAsync(open, default);
        open = (await runs.GetAsync(Tenant, open.Id, default))!;
        var writer = bot.Get<PulseAnswerWriter>();
        var keys = bot.Get<PulseKeys>();
        var answers = new List<Task>();
        var person = 0;
        foreach (var (id, headcount) in departments)
        {
            for (var i = 0; i < headcount; i++, person++)
            {
                if (random.NextDouble() < openShare)
                {
                    answers.Add(writer.SaveAsync(Tenant, open, new PulseResponse
                    {
                        RespondentKey = keys.RespondentKey(open.Id, $"aad-{person}"),
                        DepartmentId = id,
                        Answers = IntakeBenchmark.Answers(random).ToDictionary(a => a.Input["q_".Length..], a => a.Value),
                        AnsweredAt = now.AddMinutes(-random.Next(0, 600)),
                    }, default));
                }
            }
        }
        await Task.WhenAll(answers);
        var live = await bot.Get<PulseResponseRepository>().ReadTallyAsync(Tenant, open.Id, default);
        Console.Error.WriteLine($"open run: {answers.Count} answers stored ({live.Departments.Values.Sum(t => t.Respondents)} in the rollups); setup {setup.Elapsed.TotalSeconds:F1}s");
        setup.Stop();

        // What a report reads: the runs' rows, each with its stored final figures.
        var summaryChars = new List<int>();
        await foreach (var row in bot.Get<TeamsDxBot.Storage.Tables>().Get(PulseRunRepository.TableName)
            .QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey eq '{Tenant}'", select: ["Summary"]))
        {
            summaryChars.Add(row.GetString("Summary")?.Length ?? 0);
        }

        var builder = bot.Get<ReportBuilder>();
        var t = Texts.Japanese;
        Task<InitiativeReport?> Build() => builder.BuildAsync(initiative, ReportScope.Everything, ReportKind.Latest, t, default);
        for (var i = 0; i < 5; i++)
        {
            await Build();
        }
        var report = (await Build())!;
        var reportMs = await TimeAsync(samples, Build);
        var listMs = await TimeAsync(samples, () => runs.ListAsync(Tenant, default));
        var liveMs = await TimeAsync(samples, () => builder.BuildAsync(initiative, ReportScope.Everything, ReportKind.Latest, t, default, runId: open.Id));
        await builder.ChartAsync(report, t, default);
        var chartMs = await TimeAsync(samples, () => builder.ChartAsync(report, t, default));
        var promoter = new UserContext(new Person { TenantId = Tenant, AadObjectId = "bench-promoter", Name = "推進 太郎", IsPromoter = true },
            new HashSet<Role> { Role.Staff, Role.Promoter }, t, IsNew: false);
        var reports = bot.Get<PulseReports>();
        await reports.CardAsync(initiative, promoter, ReportKind.Latest, default);
        var cardMs = await TimeAsync(samples, () => reports.CardAsync(initiative, promoter, ReportKind.Latest, default));

        var output = new Dictionary<string, object>
        {
            ["benchmark"] = "report",
            ["people"] = people,
            ["runs"] = runCount,
            ["report_ms"] = Math.Round(Median(reportMs), 1),
            ["chart_ms"] = Math.Round(Median(chartMs), 1),
            ["card_ms"] = Math.Round(Median(cardMs), 1),
            ["report_min_ms"] = Math.Round(reportMs.Min(), 1),
            ["report_max_ms"] = Math.Round(reportMs.Max(), 1),
            ["runs_read_ms"] = Math.Round(Median(listMs), 1),
            ["live_report_ms"] = Math.Round(Median(liveMs), 1),
            ["samples"] = samples,
            ["departments"] = departments.Count,
            ["groups"] = report.Groups.Count,
            ["trend_runs"] = report.TrendRuns.Count,
            ["open_run_answers"] = answers.Count,
            ["summary_kchars"] = Math.Round(summaryChars.Where(c => c > 0).DefaultIfEmpty().Average() / 1000.0, 1),
            ["load_avg"] = LoadAverage.Read(),
            ["setup_seconds"] = Math.Round(setup.Elapsed.TotalSeconds, 1),
        };
        Console.Out.WriteLine(JsonSerializer.Serialize(output));
        return 0;
    }

    private static async Task<List<double>> TimeAsync(int samples, Func<Task> action)
    {
        var times = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return times;
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static DateOnly Monday(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>A few big departments, many middling ones and two or three too small to show on their own.</summary>
    private static int[] Headcounts(int people, int count)
    {
        var weights = Enumerable.Range(0, count).Select(i => i >= count - 2 && count > 4 ? 0.0008 : 1.0 / Math.Pow(i + 1, 0.8)).ToArray();
        var sizes = weights.Select(w => Math.Max(3, (int)Math.Round(w / weights.Sum() * people))).ToArray();
        sizes[0] += people - sizes.Sum();
        return sizes;
    }

    private static PulseRun Run(Initiative initiative, DateTime local, DateTimeOffset created, IReadOnlyDictionary<string, int> invited) => new()
    {
        TenantId = Tenant,
        Id = $"{initiative.Id}_{local:yyyyMMddHHmm}",
        InitiativeId = initiative.Id,
        ToolName = initiative.Name,
        Kind = PulseRunKind.Pulse,
        LocalTime = local,
        CreatedAt = created,
        ClosesAt = created.AddDays(3),
        Anonymous = true,
        Questions = PulseDefaults.Questions,
        Invited = invited,
        Shards = 16,
        ReminderCount = 1,
        ReminderDelay = TimeSpan.FromDays(2),
    };

    private static readonly string[] CommentTexts =
    [
        "申請画面の入力項目が多くて時間がかかります。慣れれば早いのかもしれませんが、まだ紙の方が楽です。",
        "スマホから領収書を撮影できるのが便利です。出張中でも申請できるようになりました。",
        "承認の通知が来ないことがありました。上長が気づかず差し戻しが遅れました。",
        "操作マニュアルがもう少し欲しいです。特に交通費の経路入力がわかりにくいです。",
        "前のやり方より速くなりました。",
    ];

    /// <summary>
    /// One closed run's final figures, shaped like the folded rollups: use and ease improve over the year,
    /// about 70% answer, and each department carries the comments its 16 shards kept (the run row trims them to fit).
    /// </summary>
    private static RunTally Summary(IReadOnlyList<(string Id, int Headcount)> departments, double progress, Random random, DateTimeOffset at)
    {
        var summary = new RunTally();
        foreach (var (id, headcount) in departments)
        {
            var respondents = (int)Math.Round(headcount * (0.6 + (0.2 * random.NextDouble())));
            var use = Math.Clamp(0.35 + (0.4 * progress) + ((random.NextDouble() - 0.5) * 0.1), 0, 1);
            var tally = summary.For(id);
            tally.Respondents = respondents;
            tally.Choices["usage"] = Split(respondents, [("daily", use * 0.5), ("several", use * 0.3), ("once", use * 0.2), (PulseRoles.NotUsed, 1 - use)]);
            tally.Choices["ease"] = Split(respondents, [("1", 0.1 - (0.05 * progress)), ("2", 0.2 - (0.1 * progress)), ("3", 0.3), ("4", 0.25 + (0.1 * progress)), ("5", 0.15 + (0.05 * progress))]);
            tally.Choices["fallback"] = Split(respondents, [("yes", 0.4 - (0.3 * progress)), ("no", 0.6 + (0.3 * progress))]);
            tally.Choices["blockers"] = Split(respondents / 2, [("howto", 0.3), ("slower", 0.2), ("errors", 0.15), ("notime", 0.25), ("other", 0.1)]);
            var comments = Math.Min(respondents / 10, 16 * Tally.MaxComments);
            for (var c = 0; c < comments; c++)
            {
                tally.Comments.Add(new TallyComment(Guid.NewGuid().ToString("N")[..22], "comment", CommentTexts[random.Next(CommentTexts.Length)], null,
                    at.AddMinutes(random.Next(0, 3 * 24 * 60))));
            }
        }
        return summary;
    }

    private static Dictionary<string, int> Split(int total, IReadOnlyList<(string Value, double Share)> shares)
    {
        var sum = shares.Sum(s => Math.Max(0, s.Share));
        var counts = shares.ToDictionary(s => s.Value, s => (int)Math.Floor(total * Math.Max(0, s.Share) / sum));
        counts[shares[0].Value] += total - counts.Values.Sum();
        return counts.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value);
    }
}
