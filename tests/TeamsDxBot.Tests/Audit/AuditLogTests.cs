using System.Text.Json.Nodes;
using TeamsDxBot.Audit;
using TeamsDxBot.Directory;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Audit;

public sealed class AuditLogTests : IAsyncLifetime
{
    private BotTestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync();
        await host.SayAsync(BotTestHost.Promoter, "help");
        await host.SayAsync(BotTestHost.Staff, "help");
        await host.SayAsync(BotTestHost.EnglishStaff, "help");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Promoter_reads_who_did_what_and_when_newest_first_in_their_own_time()
    {
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.AddDepartmentVerb, name = "営業部" });
        var sales = Assert.Single(await host.Get<DepartmentRepository>().ListAsync(BotTestHost.TenantId, default));
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.GrantRoleVerb, person = "staff@contoso.example", role = "KeyUser", departmentId = sales.Id });

        await host.SayAsync(BotTestHost.Promoter, "監査ログ");
        var card = host.SentTo(BotTestHost.Promoter).Last().AllText;
        // 01:00 UTC is 10:00 in Tokyo, the promoter's zone.
        var granted = card.IndexOf("11/24（火）10:05　推進 太郎：役割の付与（社員 花子: KeyUser 営業部）", StringComparison.Ordinal);
        var added = card.IndexOf("11/24（火）10:00　推進 太郎：部署の追加（営業部）", StringComparison.Ordinal);
        Assert.True(granted >= 0 && added > granted, card);
        // Tokyo is the promoter's own clock: no zone is named.
        Assert.DoesNotContain("Asia/Tokyo", card);
        Assert.DoesNotContain("JST", card);

        var entries = (await host.Get<IAuditLog>().ReadAsync(BotTestHost.TenantId, null, 10, default)).Entries;
        Assert.Equal([nameof(AuditAction.RoleGranted), nameof(AuditAction.DepartmentAdded)], entries.Select(e => e.Action));
        Assert.Equal(BotTestHost.Staff.AadObjectId, entries[0].SubjectId);
        Assert.All(entries, e => Assert.Equal(BotTestHost.Promoter.AadObjectId, e.ActorId));
    }

    [Fact]
    public async Task A_refused_or_unchanged_action_is_not_recorded()
    {
        await host.SubmitAsync(BotTestHost.Staff, new { verb = DirectoryCards.AddDepartmentVerb, name = "乗っ取り部" });
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.AddDepartmentVerb, name = "" });
        Assert.Empty((await host.Get<IAuditLog>().ReadAsync(BotTestHost.TenantId, null, 10, default)).Entries);
    }

    [Fact]
    public async Task Only_promoters_may_read_the_log()
    {
        await host.SayAsync(BotTestHost.Staff, "監査ログ");
        Assert.Contains("権限がありません", host.SentTo(BotTestHost.Staff).Last().AllText);
        await host.SubmitAsync(BotTestHost.Staff, new { verb = AuditCards.MoreVerb, after = AuditLog.RowKey(host.Clock.GetUtcNow(), Guid.Empty) });
        Assert.Contains("権限がありません", host.SentTo(BotTestHost.Staff).Last().AllText);

        await host.SayAsync(BotTestHost.Staff, "help");
        Assert.DoesNotContain("監査ログ", host.SentTo(BotTestHost.Staff).Last().AllText);
        await host.SayAsync(BotTestHost.Promoter, "help");
        Assert.Contains("監査ログ", host.SentTo(BotTestHost.Promoter).Last().AllText);
    }

    [Fact]
    public async Task More_pages_through_older_entries_until_the_first()
    {
        for (var i = 1; i <= AuditViews.PageSize + 3; i++)
        {
            await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.AddDepartmentVerb, name = $"部署{i:00}" });
            host.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        await host.SayAsync(BotTestHost.Promoter, "audit");
        var first = host.SentTo(BotTestHost.Promoter).Last();
        Assert.Contains("（部署23）", first.AllText);
        Assert.Contains("（部署04）", first.AllText);
        Assert.DoesNotContain("（部署03）", first.AllText);
        var more = MoreButton(first.Card!);
        Assert.NotNull(more);

        await host.SubmitAsync(BotTestHost.Promoter, JsonSerializerData(more!));
        var second = host.SentTo(BotTestHost.Promoter).Last();
        Assert.Contains("監査ログ（続き）", second.AllText);
        Assert.Contains("（部署03）", second.AllText);
        Assert.Contains("（部署01）", second.AllText);
        Assert.DoesNotContain("（部署04）", second.AllText);
        Assert.Null(MoreButton(second.Card!));
    }

    [Fact]
    public async Task An_english_promoter_reads_english_action_names()
    {
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.GrantRoleVerb, person = "alex@contoso.example", role = "Promoter" });
        await host.SayAsync(BotTestHost.EnglishStaff, "audit");
        var card = host.SentTo(BotTestHost.EnglishStaff).Last().AllText;
        Assert.Contains("推進 太郎: Role granted (Alex Smith: Promoter)", card);
        Assert.Contains("Tue 11/24 10:00  推進 太郎: Role granted (Alex Smith: Promoter)", card);
        Assert.DoesNotContain("Asia/Tokyo", card);
    }

    private static JsonObject? MoreButton(JsonObject card) =>
        card["actions"]?.AsArray().Select(a => a!["data"]?.AsObject()).FirstOrDefault(d => d?["verb"]?.GetValue<string>() == AuditCards.MoreVerb);

    private static Dictionary<string, string> JsonSerializerData(JsonObject data) =>
        data.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
}
