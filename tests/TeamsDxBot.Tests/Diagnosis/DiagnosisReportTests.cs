using TeamsDxBot.Broadcasts;
using TeamsDxBot.Delivery;
using TeamsDxBot.Reports;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Diagnosis;

/// <summary>Who gets the diagnosis: the promoter's weekly report and the executives' monthly report, nobody else.</summary>
public sealed class DiagnosisReportTests : IAsyncLifetime
{
    private DiagnosisTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public async Task InitializeAsync()
    {
        kit = await DiagnosisTestKit.StartAsync();
        await kit.AddRunAsync(new DateOnly(2026, 11, 3), DiagnosisTestKit.Answers(5, 4), DiagnosisTestKit.Answers(5, 4));
        await kit.AddRunAsync(new DateOnly(2026, 11, 10), DiagnosisTestKit.Answers(4, 3), DiagnosisTestKit.Answers(4, 3));
        await kit.AddRunAsync(new DateOnly(2026, 11, 17), DiagnosisTestKit.Answers(3, 2), DiagnosisTestKit.Answers(3, 2));
        kit.Measured(new DateOnly(2026, 11, 23), [3, 6, 8, 7, 5, 4], [3, 6, 8, 7, 5, 4]);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    [Fact]
    public async Task The_weekly_report_carries_the_diagnosis_for_the_promoter_and_not_for_the_key_user()
    {
        var run = (await Host.Get<TeamsDxBot.Pulse.PulseRunRepository>().GetAsync(BotTestHost.TenantId, "run-20261117", default))!;
        await Host.Get<PulseReports>().SendRunReportAsync(run, default);
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        var promoter = Assert.Single(Host.SentTo(BotTestHost.Promoter), c => c.AllText.Contains("週次レポート", StringComparison.Ordinal)).AllText;
        Assert.Contains("プログラムの健康診断", promoter);
        Assert.Contains("一過性型（兆候 3/3）", promoter);

        var keyUser = Assert.Single(Host.SentTo(DiagnosisTestKit.KeyUser), c => c.AllText.Contains("weekly report", StringComparison.Ordinal)).AllText;
        Assert.DoesNotContain("Programme health", keyUser);
        Assert.DoesNotContain("One-off enthusiasm", keyUser);
        Assert.DoesNotContain(Host.SentTo(BotTestHost.Staff), c => c.AllText.Contains("週次レポート", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_monthly_report_carries_the_diagnosis_and_a_ready_executive_message_for_the_executive()
    {
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 5, 0, TimeSpan.Zero)); // 12/1 09:05 JST
        await Host.Get<PulseReports>().SendMonthlyIfDueAsync(BotTestHost.TenantId, default);
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        var monthly = Assert.Single(Host.SentTo(DiagnosisTestKit.Executive), c => c.AllText.Contains("月次レポート", StringComparison.Ordinal));
        Assert.Contains("一過性型（兆候 3/3）", monthly.AllText);
        Assert.Contains("送るだけのメッセージ案を用意しました", monthly.AllText);
        Assert.Contains("経費精算システムの活用ありがとうございます", monthly.AllText);
        var draft = Assert.Single(await Host.Get<BroadcastRepository>().ListAsync(BotTestHost.TenantId, default));
        Assert.Equal(BroadcastStatus.Draft, draft.Status);
        Assert.Equal(DiagnosisTestKit.Executive.AadObjectId, draft.AuthorId);
        Assert.Equal(BroadcastAudience.Initiative, draft.Audience);
        Assert.Contains($"\"broadcastId\":\"{draft.Id}\"", monthly.Card!.ToJsonString(), StringComparison.Ordinal);

        // The same report built again offers the same draft, not a second one.
        var again = await kit.ReportAsync(DiagnosisTestKit.Executive, ReportKind.Monthly);
        Assert.Contains(draft.Id, again.ToString(), StringComparison.Ordinal);
        Assert.Single(await Host.Get<BroadcastRepository>().ListAsync(BotTestHost.TenantId, default));

        // One press sends it through the broadcasts; the next report offers no draft that has gone already.
        await Host.SubmitAsync(DiagnosisTestKit.Executive, new { verb = BroadcastCards.SendNowVerb, broadcastId = draft.Id });
        Assert.Equal(BroadcastStatus.Sent, (await Host.Get<BroadcastRepository>().GetAsync(BotTestHost.TenantId, draft.Id, default))!.Status);
        var after = await kit.ReportAsync(DiagnosisTestKit.Executive, ReportKind.Monthly);
        Assert.DoesNotContain(BroadcastCards.SendNowVerb, after.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("役員メッセージ", DiagnosisTestKit.Text(after));
    }

    [Fact]
    public async Task Reports_on_demand_and_staff_get_no_diagnosis()
    {
        Assert.DoesNotContain("プログラムの健康診断", await kit.ReportTextAsync(BotTestHost.Promoter, ReportKind.Latest));
        Assert.DoesNotContain("プログラムの健康診断", await kit.ReportTextAsync(BotTestHost.Staff, ReportKind.Weekly));
        Assert.DoesNotContain("Programme health", await kit.ReportTextAsync(DiagnosisTestKit.KeyUser, ReportKind.Weekly));
        Assert.DoesNotContain("プログラムの健康診断", await kit.ReportTextAsync(BotTestHost.Promoter, ReportKind.Review));
    }

    [Fact]
    public async Task An_english_executive_reads_the_diagnosis_in_english()
    {
        await kit.Pulse.SetAsync(DiagnosisTestKit.Executive, p => p with { PreferredLanguage = "en" });

        var monthly = await kit.ReportTextAsync(DiagnosisTestKit.Executive, ReportKind.Monthly);

        Assert.Contains("Programme health", monthly);
        Assert.Contains("One-off enthusiasm (3 of 3 signs)", monthly);
        Assert.Contains("response rate: 100% → 80% → 60%", monthly);
        Assert.Contains("weekly active rate (measured): peak 80% (Nov 2) → now 40%", monthly);
        Assert.Contains("Suggested: Have an executive send a fresh message", monthly);
        Assert.DoesNotContain("プログラムの健康診断", monthly);
    }
}
