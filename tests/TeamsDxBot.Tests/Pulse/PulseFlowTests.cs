using TeamsDxBot.Delivery;
using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Pulse;

public sealed class PulseFlowTests : IAsyncLifetime
{
    private static readonly TestUser LosAngeles = new("aad-la", "Jordan Lee", "jordan@contoso.example", "en-US");
    private PulseTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public async Task InitializeAsync()
    {
        kit = await PulseTestKit.StartAsync();
        await kit.SetUpCompanyAsync([LosAngeles]);
        await kit.SetAsync(BotTestHost.Staff, p => p with { DepartmentId = kit.Sales });
        await kit.SetAsync(BotTestHost.EnglishStaff, p => p with { DepartmentId = kit.Sales });
        await kit.SetAsync(LosAngeles, p => p with { DepartmentId = kit.Plant, TimeZone = "America/Los_Angeles" });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    [Fact]
    public async Task Weekly_pulse_goes_out_at_monday_ten_in_each_persons_own_time_zone()
    {
        // Created Tuesday 2026-11-24; the first Monday 10:00 JST is 2026-11-30 01:00 UTC.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 0, 59, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Empty(kit.Surveys(BotTestHost.Staff));

        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        var survey = Assert.Single(kit.Surveys(BotTestHost.Staff));
        Assert.Contains("経費精算システム 利用状況アンケート", survey.AllText);
        Assert.Contains("今週、経費精算システムをどのくらい使いましたか？", survey.AllText);
        Assert.Contains("締め切り：12/3（木）10:00", survey.AllText);
        Assert.Contains("this week's pulse", Assert.Single(kit.Surveys(BotTestHost.EnglishStaff)).AllText);
        Assert.Empty(kit.Surveys(LosAngeles));

        // Monday 10:00 in Los Angeles (PST, UTC-8) is 18:00 UTC.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 17, 59, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Empty(kit.Surveys(LosAngeles));
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Contains("Closes: Thu 12/3 10:00", Assert.Single(kit.Surveys(LosAngeles)).AllText);

        // Ticking again sends nobody a second copy; it is one run for everyone.
        await kit.TickAsync();
        Assert.Single(kit.Surveys(BotTestHost.Staff));
        var run = await kit.OnlyRunAsync();
        Assert.Equal("tool_202611301000", run.Id);
        Assert.Equal(new Dictionary<string, int> { [kit.Sales] = 2, [kit.Plant] = 1, [""] = 1 }, run.Invited);
    }

    [Fact]
    public async Task Daylight_saving_change_moves_the_utc_send_time_not_the_local_one()
    {
        var invitations = Host.Get<PulseInvitationRepository>();
        // US clocks go forward on 2027-03-14: Monday 10:00 PDT is 17:00 UTC, a week earlier PST made it 18:00.
        Host.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 8, 1, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Equal(new DateTimeOffset(2027, 3, 8, 18, 0, 0, TimeSpan.Zero),
            (await invitations.GetAsync(BotTestHost.TenantId, "tool_202703081000", LosAngeles.AadObjectId, default))!.SendAt);
        Host.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 15, 1, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Equal(new DateTimeOffset(2027, 3, 15, 17, 0, 0, TimeSpan.Zero),
            (await invitations.GetAsync(BotTestHost.TenantId, "tool_202703151000", LosAngeles.AadObjectId, default))!.SendAt);
        // Tokyo has no daylight saving: 01:00 UTC both weeks.
        Assert.Equal(new DateTimeOffset(2027, 3, 15, 1, 0, 0, TimeSpan.Zero),
            (await invitations.GetAsync(BotTestHost.TenantId, "tool_202703151000", BotTestHost.Staff.AadObjectId, default))!.SendAt);
    }

    [Fact]
    public async Task Custom_schedule_skips_weekends()
    {
        var settings = await Host.Get<PulseScheduler>().SettingsAsync(kit.Tool, default);
        await Host.Get<PulseSettingsRepository>().SaveAsync(settings with { Cron = "0 10 * * *" }, default);
        // Saturday 2026-11-28 10:00 JST.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 28, 1, 30, 0, TimeSpan.Zero));
        await kit.TickAsync();
        var run = await kit.OnlyRunAsync();
        // The latest weekday occurrence (Friday 11/27) was sent; Saturday's was not.
        Assert.Equal("tool_202611271000", run.Id);
    }

    [Fact]
    public async Task National_holidays_from_the_configuration_are_skipped()
    {
        // Monday 2027-01-11 is 成人の日 (Company:Holidays in appsettings.json): no pulse that day.
        Host.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 11, 1, 30, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.DoesNotContain(await Host.Get<PulseRunRepository>().ListAsync(BotTestHost.TenantId, default), r => r.Id == "tool_202701111000");
        Assert.Empty(kit.Surveys(BotTestHost.Staff));
        Host.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 18, 1, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Single(kit.Surveys(BotTestHost.Staff));
    }

    [Fact]
    public async Task Answer_change_and_close()
    {
        await Host.SayAsync(BotTestHost.Promoter, "pulse");
        Assert.Contains("今すぐ配信", Host.SentTo(BotTestHost.Promoter)[^2].AllText);
        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool" });
        Assert.Contains("4人に配信します", Host.SentTo(BotTestHost.Promoter).Last().AllText);
        // The press writes the run; the schedule's tick (woken by the press in a running bot) queues the surveys.
        await kit.TickAsync();
        var data = kit.LastSurveyData(BotTestHost.Staff);
        var run = await kit.OnlyRunAsync();

        var callsBefore = Host.Connector.Calls.Count;
        var thanks = await kit.SubmitAsync(BotTestHost.Staff, data, PulseTestKit.Answers(usage: "several", ease: "2", blocker: "howto", comment: "承認の場所が\\わからない"));
        // The thank-you is the answer to the press itself (Action.Execute): nothing else goes to Teams.
        Assert.Equal(200, thanks.Status);
        Assert.Equal("application/vnd.microsoft.card.adaptive", thanks.Type);
        Assert.Equal(callsBefore, Host.Connector.Calls.Count);
        Assert.Contains("回答ありがとうございました", thanks.AllText);
        Assert.Contains("数回", thanks.AllText);
        Assert.Contains("使い方がわからない", thanks.AllText);
        Assert.Contains("承認の場所が\\\\わからない", thanks.AllText);

        // Change: the card comes back filled in, the new answer replaces the old one.
        var form = await kit.SubmitAsync(BotTestHost.Staff, data, new Dictionary<string, string>(), PulseCards.EditVerb);
        Assert.Contains("\"value\":\"several\"", form.Card!.ToJsonString());
        Assert.Contains("Action.Execute", form.Card!.ToJsonString());
        Assert.Contains("回答を変更しました", (await kit.SubmitAsync(BotTestHost.Staff, data, PulseTestKit.Answers(usage: "daily", ease: "5"))).AllText);
        var response = Assert.Single(await kit.ResponsesAsync(run.Id));
        Assert.Equal("daily", response.Answers["usage"]);
        Assert.False(response.Answers.ContainsKey("comment"));
        Assert.Null(response.AadObjectId);
        Assert.Null(response.Name);
        Assert.Equal(2, response.Version);
        var tally = await Host.Get<PulseResponseRepository>().ReadTallyAsync(BotTestHost.TenantId, run.Id, default);
        Assert.Equal(1, tally.Departments[kit.Sales].Respondents);
        Assert.Equal(1, tally.Departments[kit.Sales].Count("usage", "daily"));
        Assert.Equal(0, tally.Departments[kit.Sales].Count("usage", "several"));
        Assert.Empty(tally.Departments[kit.Sales].Comments);

        // After the window (3 business days from Tuesday 10:00 → Friday 10:00 JST) a submit changes nothing.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.Zero));
        Assert.Contains("このアンケートは締め切られました", (await kit.SubmitAsync(BotTestHost.Staff, data, PulseTestKit.Answers(usage: "none", ease: "1"))).AllText);
        Assert.Contains("このアンケートは締め切られました", Host.SentTo(BotTestHost.Staff).Last().AllText);
        Assert.Equal("daily", Assert.Single(await kit.ResponsesAsync(run.Id)).Answers["usage"]);
    }

    [Fact]
    public async Task An_answer_counts_in_the_department_the_person_was_invited_in_even_after_a_move()
    {
        var run = await Host.Get<PulseScheduler>().RunNowAsync(kit.Tool, default);
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        // 社員 花子 was invited as 営業部 and moves to 製造部 before answering.
        await kit.SetAsync(BotTestHost.Staff, p => p with { DepartmentId = kit.Plant });

        var thanks = await kit.SubmitAsync(BotTestHost.Staff, kit.LastSurveyData(BotTestHost.Staff), PulseTestKit.Answers());

        Assert.Contains("回答ありがとうございました", thanks.AllText);
        var tally = await Host.Get<PulseResponseRepository>().ReadTallyAsync(BotTestHost.TenantId, run!.Id, default);
        Assert.Equal(1, tally.Departments[kit.Sales].Respondents);
        Assert.Equal(0, tally.Departments.GetValueOrDefault(kit.Plant)?.Respondents ?? 0);
        Assert.Equal(kit.Sales, Assert.Single(await kit.ResponsesAsync(run.Id)).DepartmentId);
    }

    [Fact]
    public async Task Someone_elses_card_unknown_runs_and_bad_values_are_refused_and_nothing_is_stored()
    {
        var run = await Host.Get<PulseScheduler>().RunNowAsync(kit.Tool, default);
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        var staffCard = kit.LastSurveyData(BotTestHost.Staff);

        Assert.Contains("This survey was sent to someone else", (await kit.SubmitAsync(BotTestHost.EnglishStaff, staffCard, PulseTestKit.Answers())).AllText);

        var forged = (System.Text.Json.Nodes.JsonObject)staffCard.DeepClone();
        forged["runId"] = "tool_nope";
        Assert.Contains("このアンケートはあなた宛てではない", (await kit.SubmitAsync(BotTestHost.Staff, forged, PulseTestKit.Answers())).AllText);
        var later = (System.Text.Json.Nodes.JsonObject)staffCard.DeepClone();
        later["closes"] = "9999999999";
        Assert.Contains("このアンケートはあなた宛てではない", (await kit.SubmitAsync(BotTestHost.Staff, later, PulseTestKit.Answers())).AllText);
        // Moving one's answer into another department's figures breaks the signature as well.
        var moved = (System.Text.Json.Nodes.JsonObject)staffCard.DeepClone();
        moved["dept"] = kit.Plant;
        Assert.Contains("このアンケートはあなた宛てではない", (await kit.SubmitAsync(BotTestHost.Staff, moved, PulseTestKit.Answers())).AllText);

        var refused = await kit.SubmitAsync(BotTestHost.Staff, staffCard, PulseTestKit.Answers(usage: "sometimes", ease: "9", comment: "書きかけのコメント"));
        var problems = refused.AllText;
        // The survey comes back as sent, with the problems on top, so the comment need not be typed again.
        Assert.Contains("書きかけのコメント", problems);
        Assert.Contains(PulseCards.AnswerVerb, refused.Card!.ToJsonString());
        Assert.Contains("回答を保存できませんでした", problems);
        Assert.Contains("「今週、経費精算システムをどのくらい使いましたか？」の回答が選択肢にありません", problems);
        Assert.Contains("「経費精算システムの使いやすさは？」の回答が選択肢にありません", problems);
        Assert.Contains("「経費精算システムの使いやすさは？」に答えてください",
            (await kit.SubmitAsync(BotTestHost.Staff, staffCard, new Dictionary<string, string> { ["q_usage"] = "daily" })).AllText);

        Assert.Empty(await kit.ResponsesAsync(run!.Id));
        Assert.Empty((await Host.Get<PulseResponseRepository>().ReadTallyAsync(BotTestHost.TenantId, run.Id, default)).Departments);
    }

    [Fact]
    public async Task One_reminder_after_two_days_only_to_those_who_have_not_answered_and_never_after_close()
    {
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        await kit.SubmitAsync(BotTestHost.Staff, kit.LastSurveyData(BotTestHost.Staff), PulseTestKit.Answers());

        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 0, 59, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Single(kit.Surveys(BotTestHost.EnglishStaff));
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        var reminder = kit.Surveys(BotTestHost.EnglishStaff);
        Assert.Equal(2, reminder.Count);
        Assert.Contains("Reminder: we have not heard from you yet", reminder[^1].AllText);
        Assert.Single(kit.Surveys(BotTestHost.Staff));

        // Not twice for the same run.
        Host.Clock.Advance(TimeSpan.FromHours(3));
        await kit.TickAsync();
        Assert.Equal(2, kit.Surveys(BotTestHost.EnglishStaff).Count);

        // Los Angeles got theirs at 18:00 UTC Monday; their reminder is due Wednesday 18:00 UTC.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 18, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Equal(2, kit.Surveys(LosAngeles).Count);
    }

    [Fact]
    public async Task No_reminder_after_the_window_closes()
    {
        var settings = await Host.Get<PulseScheduler>().SettingsAsync(kit.Tool, default);
        await Host.Get<PulseSettingsRepository>().SaveAsync(settings with { WindowDays = 1, ReminderDelay = TimeSpan.FromDays(2) }, default);
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Single(kit.Surveys(BotTestHost.Staff));
    }

    [Fact]
    public async Task Paused_people_get_no_pulse_until_after_their_date()
    {
        await Host.SayAsync(BotTestHost.Staff, "アンケート");
        Assert.Contains("アンケートの一時停止", Host.SentTo(BotTestHost.Staff).Last().AllText);
        await Host.SubmitAsync(BotTestHost.Staff, new { verb = PulseCards.PauseVerb, until = "2026-12-04" });
        Assert.Contains("12/4（金） までアンケートを停止しました", Host.SentTo(BotTestHost.Staff).Last().AllText);
        await Host.SubmitAsync(BotTestHost.Staff, new { verb = PulseCards.PauseVerb, until = "2020-01-01" });
        Assert.Contains("今日から366日以内の日付を選んでください", Host.SentTo(BotTestHost.Staff).Last().AllText);

        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Empty(kit.Surveys(BotTestHost.Staff));
        Assert.Single(kit.Surveys(BotTestHost.EnglishStaff));

        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Single(kit.Surveys(BotTestHost.Staff));

        await Host.SubmitAsync(BotTestHost.Staff, new { verb = PulseCards.PauseVerb, until = "2026-12-31" });
        await Host.SubmitAsync(BotTestHost.Staff, new { verb = PulseCards.ResumeVerb });
        Assert.Contains("アンケートを再開しました", Host.SentTo(BotTestHost.Staff).Last().AllText);
        Assert.Null((await Host.Get<TeamsDxBot.Directory.PersonRepository>().GetAsync(BotTestHost.TenantId, BotTestHost.Staff.AadObjectId, default))!.PulsePausedUntil);
    }

    [Fact]
    public async Task Staff_cannot_run_a_pulse_or_change_its_settings()
    {
        await Host.SubmitAsync(BotTestHost.Staff, new { verb = PulseCards.RunNowVerb, initiativeId = "tool" });
        Assert.Contains("権限", Host.SentTo(BotTestHost.Staff).Last().AllText);
        await Host.SubmitAsync(BotTestHost.Staff, new { verb = PulseCards.RemoveQuestionVerb, initiativeId = "tool", questionId = "usage", etag = "" });
        Assert.Contains("権限", Host.SentTo(BotTestHost.Staff).Last().AllText);
        Assert.Empty(await Host.Get<PulseRunRepository>().ListAsync(BotTestHost.TenantId, default));
        Assert.Null(await Host.Get<PulseSettingsRepository>().GetAsync(BotTestHost.TenantId, "tool", default));
        await Host.SayAsync(BotTestHost.Staff, "pulse");
        Assert.DoesNotContain("今すぐ配信", Host.SentTo(BotTestHost.Staff).Last().AllText);
    }
}
