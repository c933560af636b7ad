using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Bot;

public sealed class ReadinessTests
{
    private sealed class Host(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Storage:ConnectionString", connectionString);
            builder.UseSetting("Delivery:RunEngine", "false");
        }
    }

    [Fact]
    public async Task Readiness_follows_storage_while_liveness_does_not()
    {
        // An Azurite of this test's own, so it can be stopped without disturbing the other tests.
        using var azurite = await LocalAzurite.StartAsync();
        await using var host = new Host(azurite.ConnectionString);
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        azurite.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
