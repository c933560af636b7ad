using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TeamsDxBot.Dev;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Dev;

public sealed class DevClockTests
{
    [Fact]
    public async Task Development_can_move_the_clock_forward_and_refuses_nonsense()
    {
        await using var host = await BotTestHost.StartAsync();
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/_dev/clock/advance?hours=25", null)).StatusCode);
        Assert.Equal(TimeSpan.FromHours(25), host.Get<DevClock>().Offset);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/_dev/clock/advance?hours=-1", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/_dev/clock/advance", null)).StatusCode);
    }

    private sealed class ProductionWithCredentials : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("MicrosoftAppId", "00000000-0000-0000-0000-000000000001");
            builder.UseSetting("MicrosoftAppPassword", "secret");
            builder.UseSetting("Storage:ConnectionString", TestStorage.ConnectionString);
            builder.UseSetting("Storage:TablePrefix", TestStorage.NewPrefix());
            builder.UseSetting("Delivery:RunEngine", "false");
            builder.UseSetting("Files:SigningKey", Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray()));
        }
    }

    [Fact]
    public async Task The_clock_endpoint_does_not_exist_in_Production()
    {
        await using var factory = new ProductionWithCredentials();
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/_dev/clock/advance?hours=25", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
