using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using TeamsDxBot.Files;
using TeamsDxBot.Tests.Infrastructure;
using FileOptions = TeamsDxBot.Files.FileOptions;

namespace TeamsDxBot.Tests.Files;

public sealed class FileOptionsTests
{
    private static ValidateOptionsResult Validate(FileOptions options) => new FileOptionsValidator().Validate(null, options);

    [Theory]
    [InlineData("http://127.0.0.1:3978", true)]
    [InlineData("https://bot.contoso.example/dx/", true)]
    [InlineData("/files", false)]
    [InlineData("ftp://bot.contoso.example", false)]
    [InlineData("https://bot.contoso.example/?a=b", false)]
    [InlineData("", false)]
    public void The_public_base_url_must_be_absolute_http(string url, bool valid) =>
        Assert.Equal(valid, Validate(new FileOptions { PublicBaseUrl = url }).Succeeded);

    [Fact]
    public void Lifetime_and_sweep_interval_must_be_positive()
    {
        Assert.True(Validate(new FileOptions { Lifetime = TimeSpan.Zero }).Failed);
        Assert.True(Validate(new FileOptions { SweepInterval = TimeSpan.FromSeconds(-1) }).Failed);
    }

    private sealed class ProductionHost(string? signingKey) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("MicrosoftAppId", "00000000-0000-0000-0000-000000000001");
            builder.UseSetting("MicrosoftAppPassword", "secret");
            builder.UseSetting("Storage:ConnectionString", TestStorage.ConnectionString);
            builder.UseSetting("Storage:TablePrefix", TestStorage.NewPrefix());
            builder.UseSetting("Delivery:RunEngine", "false");
            if (signingKey is not null)
            {
                builder.UseSetting("Files:SigningKey", signingKey);
            }
        }
    }

    [Fact]
    public async Task The_real_host_refuses_to_start_in_Production_without_a_signing_key()
    {
        var error = await StartupFailure.ValidationAsync(() => new ProductionHost(null));
        Assert.Contains("Files:SigningKey", error.Message);
    }

    private static readonly string GoodKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7 + 1)).ToArray());

    [Fact]
    public async Task The_real_host_starts_in_Production_with_a_signing_key()
    {
        await using var factory = new ProductionHost(GoodKey);
        using var client = factory.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
