using TeamsDxBot.Broadcasts;
using TeamsDxBot.Diagnosis;
using TeamsDxBot.Reports;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Diagnosis;

/// <summary>Each failure pattern from data that shows it, and from data that does not (or is too thin to say).</summary>
public sealed class DiagnosisPatternTests : IAsyncLifetime
{
    private DiagnosisTestKit kit = null!;

    public async Task InitializeAsync() => kit = await DiagnosisTestKit.StartAsync();

    public async Task DisposeAsync() => await kit.Host.DisposeAsync();

    private static readonly DateOnly Nov3 = new(2026, 11, 3);
    private static readonly DateOnly Nov10 = new(2026, 11, 10);
    private static readonly DateOnly Nov17 = new(2026, 11, 17);

    private Task<string> PromoterWeeklyAsync() => kit.ReportTextAsync(BotTestHost.Promoter, ReportKind.Weekly);

    [Fact]
    public async Task Tool_first_shows_when_usage_falls_people_go_back_to_excel_and_how_to_use_is_the_top_blocker()
    {
        await kit.AddRunAsync(Nov10, DiagnosisTestKit.Answers(5, 3, "3"), DiagnosisTestKit.Answers(5, 3, "3"));
        await kit.AddRunAsync(Nov17,
            DiagnosisTestKit.Answers(5, 1, "2", fallbackYes: 3, blockers: new Dictionary<string, int> { ["howto"] = 3, ["slower"] = 1 }),
            DiagnosisTestKit.Answers(5, 2, "2", fallbackYes: 2, blockers: new Dictionary<string, int> { ["howto"] = 2, ["errors"] = 1 }));

        var report = await PromoterWeeklyAsync();

        Assert.Contains("プログラムの健康診断", report);
        Assert.Contains("ツール先行型（兆候 4/4）", report);
        Assert.Contains("利用率（パルス）：30%（以前 60%）", report);
        Assert.Contains("使いやすさ 2.0/5", report);
        Assert.Contains("紙・Excelに戻った人 50%", report);
        Assert.Contains("困りごとの最多は「使い方がわからない」（5/7件）", report);
        Assert.Contains("提案：業務の流れ", report);
        Assert.DoesNotContain("推進者孤立型（兆候", report);
        Assert.DoesNotContain("一過性型（兆候", report);
    }

    [Fact]
    public async Task Tool_first_does_not_show_on_low_usage_alone_when_people_find_it_easy_and_do_not_fall_back()
    {
        await kit.AddRunAsync(Nov10, DiagnosisTestKit.Answers(5, 2, "4"), DiagnosisTestKit.Answers(5, 2, "4"));
        await kit.AddRunAsync(Nov17,
            DiagnosisTestKit.Answers(5, 2, "4", blockers: new Dictionary<string, int> { ["notime"] = 3, ["howto"] = 1 }),
            DiagnosisTestKit.Answers(5, 2, "5", blockers: new Dictionary<string, int> { ["notime"] = 1 }));

        var report = await PromoterWeeklyAsync();

        Assert.DoesNotContain("ツール先行型（兆候", report);
        Assert.Contains("いまのデータからは、3つの失敗パターン（ツール先行型・推進者孤立型・一過性型）はどれも見られません。", report);
    }

    [Fact]
    public async Task One_off_enthusiasm_shows_after_the_launch_peak_with_falling_responses_and_no_executive_message()
    {
        await kit.AddRunAsync(Nov3, DiagnosisTestKit.Answers(5, 4), DiagnosisTestKit.Answers(5, 4));
        await kit.AddRunAsync(Nov10, DiagnosisTestKit.Answers(4, 3), DiagnosisTestKit.Answers(4, 3));
        await kit.AddRunAsync(Nov17, DiagnosisTestKit.Answers(3, 2), DiagnosisTestKit.Answers(3, 2));
        kit.Measured(new DateOnly(2026, 11, 23), [3, 6, 8, 7, 5, 4], [3, 6, 8, 7, 5, 4]);

        var report = await PromoterWeeklyAsync();

        Assert.Contains("一過性型（兆候 3/3）", report);
        Assert.Contains("役員メッセージ：導入から60日、まだ一度もありません", report);
        Assert.Contains("回答率：100% → 80% → 60%", report);
        Assert.Contains("週間アクティブ率（実測）：ピーク 80%（11/2）→ 現在 40%", report);
        Assert.Contains("提案：役員から改めてメッセージを送り", report);
        // The promoter cannot speak for an executive: no draft to send on their card.
        Assert.DoesNotContain(BroadcastCards.SendNowVerb, (await kit.ReportAsync(BotTestHost.Promoter, ReportKind.Weekly)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_off_enthusiasm_does_not_show_while_executives_speak_and_responses_rise()
    {
        await kit.ExecutiveSpokeAsync(daysAgo: 5);
        await kit.AddRunAsync(Nov3, DiagnosisTestKit.Answers(3, 2), DiagnosisTestKit.Answers(3, 2));
        await kit.AddRunAsync(Nov10, DiagnosisTestKit.Answers(4, 3), DiagnosisTestKit.Answers(4, 3));
        await kit.AddRunAsync(Nov17, DiagnosisTestKit.Answers(5, 4), DiagnosisTestKit.Answers(5, 4));
        kit.Measured(new DateOnly(2026, 11, 23), [3, 4, 5, 6, 7, 8], [3, 4, 5, 6, 7, 8]);

        var report = await PromoterWeeklyAsync();

        Assert.DoesNotContain("一過性型（兆候", report);
        Assert.Contains("どれも見られません", report);
    }

    [Fact]
    public async Task Too_few_pulses_are_not_read_as_a_decline_and_nothing_is_guessed()
    {
        // Responses fell once and nobody executive has spoken, but two pulses are no trend (3 needed) and there
        // is no measured usage or fourth pulse to tell a peak from a start: one signal of three, no pattern.
        await kit.AddRunAsync(Nov10, DiagnosisTestKit.Answers(5, 4), DiagnosisTestKit.Answers(5, 4));
        await kit.AddRunAsync(Nov17, DiagnosisTestKit.Answers(3, 2), DiagnosisTestKit.Answers(3, 2));

        var report = await PromoterWeeklyAsync();

        Assert.DoesNotContain("一過性型（兆候", report);
        Assert.DoesNotContain("回答率：", report);
        Assert.Contains("どれも見られません", report);
    }

    [Fact]
    public async Task Isolated_promoter_shows_when_a_department_has_no_key_user_and_questions_land_on_the_promoter()
    {
        await kit.SetPlantKeyUserAsync(false);
        var promoter = BotTestHost.Promoter.AadObjectId;
        for (var i = 0; i < 4; i++)
        {
            await kit.AddQuestionAsync($"plant-{i}", $"asker-p{i}", kit.Plant, [promoter], answeredBy: promoter);
        }
        await kit.AddQuestionAsync("sales-0", "asker-s0", kit.Sales, [DiagnosisTestKit.KeyUser.AadObjectId], answeredBy: promoter);
        await kit.AddQuestionAsync("sales-1", "asker-s1", kit.Sales, [DiagnosisTestKit.KeyUser.AadObjectId], answeredBy: DiagnosisTestKit.KeyUser.AadObjectId);

        var report = await PromoterWeeklyAsync();

        Assert.Contains("推進者孤立型（兆候 3/4）", report);
        Assert.Contains("キーユーザーのいない部署 1/2：製造部", report);
        Assert.Contains("推進者に直接届いた質問 67%（4/6件）", report);
        Assert.Contains("推進者が最初に回答した質問 83%（5/6件）", report);
        Assert.Contains("提案：キーユーザーを任命しましょう：製造部", report);
    }

    [Fact]
    public async Task Isolated_promoter_does_not_show_when_key_users_answer_even_with_escalations_open()
    {
        for (var i = 0; i < 3; i++)
        {
            await kit.AddQuestionAsync($"sales-{i}", $"asker-s{i}", kit.Sales, [DiagnosisTestKit.KeyUser.AadObjectId], answeredBy: DiagnosisTestKit.KeyUser.AadObjectId);
            await kit.AddQuestionAsync($"plant-{i}", $"asker-p{i}", kit.Plant, [DiagnosisTestKit.PlantKey.AadObjectId], answeredBy: DiagnosisTestKit.PlantKey.AadObjectId);
            await kit.AddQuestionAsync($"late-{i}", $"asker-l{i}", kit.Plant, [DiagnosisTestKit.PlantKey.AadObjectId], escalated: true);
        }

        var report = await PromoterWeeklyAsync();

        Assert.DoesNotContain("推進者孤立型（兆候", report);
        Assert.Contains("どれも見られません", report);
    }
}
