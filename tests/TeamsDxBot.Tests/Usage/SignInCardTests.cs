using TeamsDxBot.Initiatives;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Usage;

/// <summary>The tool's Entra application id on the initiative card: the switch for reading its sign-ins.</summary>
public sealed class SignInCardTests : IAsyncLifetime
{
    private BotTestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync();
        await host.SayAsync(BotTestHost.Promoter, "help");
        await host.SayAsync(BotTestHost.Staff, "help");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<Initiative> OnlyAsync() => Assert.Single(await host.Get<InitiativeRepository>().ListAsync(BotTestHost.TenantId, default));

    private Task SaveAsync(object data) => host.SubmitAsync(BotTestHost.Promoter, data);

    [Fact]
    public async Task An_application_id_is_stored_as_Entra_shows_it_and_listed_for_promoters_only()
    {
        await SaveAsync(new { verb = InitiativeCards.SaveVerb, name = "経費精算システム", goLive = "2026-12-01", appId = " {3F2A6C1E-9B7D-4C55-8E21-0A1B2C3D4E5F} " });

        Assert.Equal("3f2a6c1e-9b7d-4c55-8e21-0a1b2c3d4e5f", (await OnlyAsync()).SignInAppId);
        Assert.Contains("3f2a6c1e-9b7d-4c55-8e21-0a1b2c3d4e5f", host.SentTo(BotTestHost.Promoter).Last().AllText);
        await host.SayAsync(BotTestHost.Staff, "施策");
        Assert.DoesNotContain("3f2a6c1e", host.SentTo(BotTestHost.Staff).Last().AllText);
    }

    [Fact]
    public async Task A_malformed_application_id_is_explained_and_nothing_is_saved()
    {
        await SaveAsync(new { verb = InitiativeCards.SaveVerb, name = "経費精算システム", goLive = "2026-12-01", appId = "経費精算アプリ" });

        Assert.Empty(await host.Get<InitiativeRepository>().ListAsync(BotTestHost.TenantId, default));
        var reply = host.SentTo(BotTestHost.Promoter).Last().AllText;
        Assert.Contains("保存できませんでした", reply);
        Assert.Contains("形式（GUID）", reply);
    }

    [Fact]
    public async Task An_old_card_without_the_field_keeps_the_id_and_an_empty_field_turns_reading_off()
    {
        await SaveAsync(new { verb = InitiativeCards.SaveVerb, name = "経費精算システム", goLive = "2026-12-01", appId = "3f2a6c1e-9b7d-4c55-8e21-0a1b2c3d4e5f" });
        var id = (await OnlyAsync()).Id;

        await SaveAsync(new { verb = InitiativeCards.SaveVerb, initiativeId = id, name = "経費精算", goLive = "2026-12-01" });
        Assert.Equal(("経費精算", "3f2a6c1e-9b7d-4c55-8e21-0a1b2c3d4e5f"), ((await OnlyAsync()).Name, (await OnlyAsync()).SignInAppId));

        await SaveAsync(new { verb = InitiativeCards.SaveVerb, initiativeId = id, name = "経費精算", goLive = "2026-12-01", appId = "" });
        Assert.Equal("", (await OnlyAsync()).SignInAppId);
        Assert.Contains("なし（サインイン記録は読み取りません）", host.SentTo(BotTestHost.Promoter).Last().AllText);
    }

    [Fact]
    public async Task The_edit_form_shows_the_stored_id()
    {
        await SaveAsync(new { verb = InitiativeCards.SaveVerb, name = "経費精算システム", goLive = "2026-12-01", appId = "3f2a6c1e-9b7d-4c55-8e21-0a1b2c3d4e5f" });

        await SaveAsync(new { verb = InitiativeCards.FormVerb, initiativeId = (await OnlyAsync()).Id });

        Assert.Equal("3f2a6c1e-9b7d-4c55-8e21-0a1b2c3d4e5f", Metrics.MetricsTestKit.InputValue(host.SentTo(BotTestHost.Promoter).Last(), "appId"));
    }
}
