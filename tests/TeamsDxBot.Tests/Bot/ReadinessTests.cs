using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Readiness_follows_storage_while_liveness_does_not()
    {
        // An Azurite of this test's own, so it can be stopped without disturbing the other tests.
        var port = FreePort();
        using var azurite = Process.Start(new ProcessStartInfo("node",
            [Path.Combine(RepoPaths.Root, "node_modules", "azurite", "dist", "src", "table", "main.js"),
             "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            while (!(await azurite.StandardOutput.ReadLineAsync() ?? "successfully started").Contains("successfully started", StringComparison.Ordinal))
            {
            }
            var connection = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
                "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
            await using var host = new Host(connection);
            using var client = host.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

            azurite.Kill(entireProcessTree: true);
            await azurite.WaitForExitAsync();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        }
        finally
        {
            if (!azurite.HasExited)
            {
                azurite.Kill(entireProcessTree: true);
            }
        }
    }
}
