using TeamsDxBot.Calendar;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;

namespace TeamsDxBot.Demo;

/// <summary>
/// How one demo department took up the tool over the weeks: headcount, who answered (changing by
/// <see cref="RespondentsPerWeek"/> a week), the share who used it (changing by <see cref="WeeklyGain"/> a
/// week), what held the others back, and a few comments.
/// </summary>
public sealed record DemoTrend(int Invited, int FirstRespondents, double RespondentsPerWeek, double FirstUseRate, double WeeklyGain, string Blocker, IReadOnlyList<string> Comments);

/// <summary>
/// The weekly pulses a demo programme would have had since go-live, so a fresh local run already shows
/// reports, trends and statuses. Everything is a pure function of the initiative's go-live, hence the
/// same on every start and every instance.
/// </summary>
public static class DemoHistory
{
    public const string RunPrefix = "demo_hist";
    public const int Weeks = 8;
    public static readonly TimeOnly SendTime = new(10, 0);

    /// <summary>
    /// By the order of Demo:Departments: 営業部 gets there; 製造部 started keen, then fewer answer and fewer use
    /// it every week, so the company's response rate falls run after run (the one-off enthusiasm pattern).
    /// Headcounts are the demo's seeded people of each department.
    /// </summary>
    public static IReadOnlyList<DemoTrend> Trends { get; } =
    [
        new(15, 12, 0, 0.45, 0.05, "howto",
        [
            "スマホで領収書を撮ってそのまま申請できるのが便利です。",
            "交通費の経路入力にまだ慣れません。",
            "承認が早くなって、月末の締めが楽になりました。",
        ]),
        new(14, 13, -1, 0.55, -0.04, "notime",
        [
            "現場の共有PCだとログインに時間がかかります。",
            "紙の伝票と二重入力になっている作業があります。",
            "使い方の説明会をもう一度開いてほしいです。",
        ]),
    ];

    /// <summary>History starts on the first Monday on or after go-live.</summary>
    public static DateOnly FirstWeek(DateOnly goLive) => goLive.AddDays((8 - (int)goLive.DayOfWeek) % 7);

    public static string RunId(DateOnly week) => $"{RunPrefix}{week:yyyyMMdd}";

    /// <summary>The closed weekly runs, oldest first, for departments given as (id, trend).</summary>
    public static IEnumerable<PulseRun> Runs(Initiative initiative, IReadOnlyList<(string DepartmentId, DemoTrend Trend)> departments, TimeZoneInfo zone, int shards)
    {
        var questions = PulseDefaults.Questions;
        for (var week = 0; week < Weeks; week++)
        {
            var local = FirstWeek(initiative.GoLive).AddDays(7 * week).ToDateTime(SendTime);
            var sentAt = WallClock.ToUtc(local, zone);
            var summary = new RunTally();
            foreach (var (departmentId, trend) in departments)
            {
                var tally = summary.For(departmentId);
                foreach (var response in Responses(departmentId, trend, week, sentAt))
                {
                    tally.Add(response, questions, +1);
                }
            }
            var closesAt = sentAt.AddDays(PulseSettings.DefaultWindowDays);
            yield return new PulseRun
            {
                TenantId = initiative.TenantId,
                Id = RunId(DateOnly.FromDateTime(local)),
                InitiativeId = initiative.Id,
                ToolName = initiative.Name,
                Kind = PulseRunKind.Pulse,
                LocalTime = local,
                CreatedAt = sentAt,
                ClosesAt = closesAt,
                Anonymous = true,
                Questions = questions,
                Invited = departments.ToDictionary(d => d.DepartmentId, d => d.Trend.Invited),
                InvitationsWritten = true,
                Shards = shards,
                ReminderCount = 1,
                ReminderDelay = TimeSpan.FromDays(2),
                Summary = summary,
                // Reported already: the scheduler must not send weekly reports for the past.
                ReportedAt = closesAt,
            };
        }
    }

    /// <summary>One week's answers of one department, built so that the counts follow the department's trend exactly.</summary>
    private static IEnumerable<PulseResponse> Responses(string departmentId, DemoTrend trend, int week, DateTimeOffset sentAt)
    {
        var respondents = Math.Clamp(trend.FirstRespondents + (int)(trend.RespondentsPerWeek * week), 0, trend.Invited);
        var users = (int)Math.Round(respondents * Math.Clamp(trend.FirstUseRate + (trend.WeeklyGain * week), 0, 1));
        // The comments arrive in the last weeks, one a week, from a daily user.
        var commentIndex = week - (Weeks - trend.Comments.Count);
        for (var j = 0; j < respondents; j++)
        {
            var used = j < users;
            var answers = new Dictionary<string, string>
            {
                [PulseRoles.Usage] = !used ? PulseRoles.NotUsed : (j % 3) switch { 0 => "daily", 1 => "several", _ => "once" },
                [PulseRoles.Ease] = !used ? "2" : j % 2 == 0 ? "4" : "3",
                [PulseRoles.Fallback] = used && j % 4 != 0 ? "no" : "yes",
            };
            if (!used || j % 5 == 1)
            {
                answers[PulseRoles.Blockers] = used ? "slower" : trend.Blocker;
            }
            if (j == 0 && commentIndex >= 0)
            {
                answers[PulseRoles.Comment] = trend.Comments[commentIndex];
            }
            yield return new PulseResponse
            {
                RespondentKey = $"demo-{departmentId}-{week}-{j}",
                DepartmentId = departmentId,
                Answers = answers,
                AnsweredAt = sentAt.AddHours(1 + j),
            };
        }
    }
}
