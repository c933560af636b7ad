using System.Text.Json.Nodes;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Diagnosis;
using TeamsDxBot.Privacy;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Privacy;

/// <summary>A key user thanked by name (a broadcast to named people, and the month's claim of the thank-you) is in their export, and gone from it after deletion.</summary>
public sealed class PersonDataRecognitionTests : IAsyncLifetime
{
    private static readonly TestUser Staff = BotTestHost.Staff;
    private BotTestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync();
        await host.SayAsync(Staff, "help");
        var now = host.Clock.GetUtcNow();
        await host.Get<BroadcastRepository>().AddAsync(new Broadcast
        {
            TenantId = BotTestHost.TenantId, Id = "thanks-1", Title = "ありがとうございます", Body = "質問への素早い回答に感謝します",
            Audience = BroadcastAudience.People, PersonIds = [Staff.AadObjectId, "someone-else"], AuthorId = "aad-executive",
            Status = BroadcastStatus.Sent, CreatedAt = now, UpdatedAt = now,
        }, default);
        var sends = host.Get<DiagnosisSends>();
        Assert.True(await sends.TryClaimAsync(BotTestHost.TenantId, DiagnosisSends.ThanksKey("tool", "2026-11", Staff.AadObjectId), "aad-executive", now, default));
        Assert.True(await sends.TryClaimAsync(BotTestHost.TenantId, DiagnosisSends.ThanksKey("tool", "2026-11", "someone-else"), Staff.AadObjectId, now, default));
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_export_names_the_thank_yous_and_deletion_removes_the_person_from_them()
    {
        var data = host.Get<PersonData>();
        var json = JsonNode.Parse(await data.ExportAsync(BotTestHost.TenantId, Staff.AadObjectId, default))!.AsObject();
        Assert.Equal("thanks-1", Assert.Single(json["broadcastsAddressedByName"]!.AsArray())!["Id"]!.GetValue<string>());
        Assert.Equal(2, json["recognitionAndDrafts"]!.AsArray().Count);

        await data.DeleteAsync(BotTestHost.TenantId, Staff.AadObjectId, default);

        var broadcast = await host.Get<BroadcastRepository>().GetAsync(BotTestHost.TenantId, "thanks-1", default);
        Assert.Equal(["someone-else"], broadcast!.PersonIds);
        var sends = host.Get<DiagnosisSends>();
        Assert.Null(await sends.GetAsync(BotTestHost.TenantId, DiagnosisSends.ThanksKey("tool", "2026-11", Staff.AadObjectId), default));
        // The thank-you this person sent to someone else stays claimed for the month (no second send), without their id.
        Assert.Equal(PersonData.Placeholder, (await sends.GetAsync(BotTestHost.TenantId, DiagnosisSends.ThanksKey("tool", "2026-11", "someone-else"), default))!.By);
        var after = JsonNode.Parse(await data.ExportAsync(BotTestHost.TenantId, Staff.AadObjectId, default))!.AsObject();
        Assert.Empty(after["broadcastsAddressedByName"]!.AsArray());
        Assert.Empty(after["recognitionAndDrafts"]!.AsArray());
    }
}
