using TeamsDxBot.Audit;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Metrics;
using TeamsDxBot.Pulse;
using TeamsDxBot.Reports;
using TeamsDxBot.Tests.Broadcasts;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Tests.Privacy;
using TeamsDxBot.Tests.Pulse;

namespace TeamsDxBot.Tests.Audit;

/// <summary>Each privileged action, done through the chat as a promoter would, leaves its entry in the log.</summary>
public sealed class AuditedActionsTests : IAsyncLifetime
{
    private PulseTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public async Task InitializeAsync()
    {
        kit = await PulseTestKit.StartAsync();
        await kit.SetUpCompanyAsync([]);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private async Task<AuditEntry> LatestAsync() => (await Host.Get<IAuditLog>().ReadAsync(BotTestHost.TenantId, null, 1, default)).Entries.Single();

    private async Task ExpectAsync(AuditAction action, string target)
    {
        var entry = await LatestAsync();
        Assert.Equal((action.ToString(), target, BotTestHost.Promoter.AadObjectId), (entry.Action, entry.Target, entry.ActorId));
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
    }

    private Task SubmitAsync(object data) => Host.SubmitAsync(BotTestHost.Promoter, data);

    [Fact]
    public async Task Roster_tools_survey_settings_keys_exports_and_broadcasts_are_recorded()
    {
        await SubmitAsync(new { verb = DirectoryCards.ImportRosterVerb, csv = "email,department,role\nstaff@contoso.example,営業部,KeyUser" });
        await ExpectAsync(AuditAction.RosterImported, "1");

        await SubmitAsync(new { verb = InitiativeCards.SaveVerb, name = "勤怠システム", goLive = "2026-12-01", targetPercent = "", targetDate = "", departmentIds = kit.Sales });
        await ExpectAsync(AuditAction.InitiativeCreated, "勤怠システム");

        await SubmitAsync(new
        {
            verb = PulseCards.SaveSettingsVerb, initiativeId = "tool", etag = "", enabled = "true", cron = "30 9 * * 2", windowDays = "5",
            audience = "all", anonymity = "named", reminderCount = "2", reminderDays = "1",
        });
        await ExpectAsync(AuditAction.PulseSettingsChanged, $"経費精算システム ({PulseCards.SaveSettingsVerb})");

        await SubmitAsync(new { verb = MetricsCards.RotateKeyVerb, keyInitiativeId = "tool", confirmed = true });
        await ExpectAsync(AuditAction.ApiKeyIssued, "経費精算システム");
        await SubmitAsync(new { verb = MetricsCards.RevokeKeyVerb, keyInitiativeId = "tool", confirmed = true });
        await ExpectAsync(AuditAction.ApiKeyRevoked, "経費精算システム");

        var run = await PrivacyTestKit.SeedRunAsync(Host, kit.Tool, "tool_csv", Host.Clock.GetUtcNow().AddDays(-2), anonymous: true,
            Enumerable.Range(1, 5).Select(i => new PrivacyTestKit.Answer($"p{i}", $"社員{i}", kit.Sales, new Dictionary<string, string> { [PulseRoles.Usage] = "daily" })).ToList());
        await SubmitAsync(new { verb = ReportCards.ExportVerb, runId = run.Id });
        await ExpectAsync(AuditAction.CsvExported, "経費精算システム tool_csv (5)");

        await SubmitAsync(BroadcastTestKit.Form(BroadcastCards.SubmitVerb, title: "今すぐのお知らせ", departmentIds: kit.Sales));
        await ExpectAsync(AuditAction.BroadcastSent, "今すぐのお知らせ");
        await SubmitAsync(BroadcastTestKit.Form(BroadcastCards.SubmitVerb, title: "来月のお知らせ", departmentIds: kit.Sales, timing: BroadcastTiming.Once, date: "2026-12-20"));
        await ExpectAsync(AuditAction.BroadcastScheduled, "来月のお知らせ");
        var scheduled = (await Host.Get<BroadcastRepository>().ListAsync(BotTestHost.TenantId, default)).Single(b => b.Title == "来月のお知らせ");
        await SubmitAsync(BroadcastTestKit.Action(BroadcastCards.CancelVerb, scheduled.Id, BroadcastCards.FromList));
        await ExpectAsync(AuditAction.BroadcastCancelled, "来月のお知らせ");

        await Host.SayAsync(BotTestHost.Promoter, "監査ログ");
        var card = Host.SentTo(BotTestHost.Promoter).Last().AllText;
        foreach (var name in new[] { "名簿のインポート", "施策の登録", "アンケート設定の変更", "APIキーの発行", "APIキーの無効化", "回答のCSV出力", "一斉配信の送信", "一斉配信の予約", "一斉配信の取り消し" })
        {
            Assert.Contains(name, card);
        }
    }
}
