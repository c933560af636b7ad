using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TeamsDxBot.Files;
using TeamsDxBot.Tests.Infrastructure;
using FileOptions = TeamsDxBot.Files.FileOptions;

namespace TeamsDxBot.Tests.Files;

public sealed class FileOptionsTests
{
    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "TeamsDxBot";
        public string ContentRootPath { get; set; } = "";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

    private static readonly string GoodKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7 + 1)).ToArray());

    private static ValidateOptionsResult Validate(string environment, FileOptions options) =>
        new FileOptionsValidator(new Environment(environment)).Validate(null, options);

    [Fact]
    public void Every_environment_but_Development_needs_a_signing_key_of_at_least_32_bytes()
    {
        foreach (var environment in new[] { "Production", "Staging" })
        {
            var missing = Validate(environment, new FileOptions());
            Assert.True(missing.Failed);
            Assert.Contains("Files:SigningKey is required outside Development", missing.FailureMessage);
        }

        Assert.True(Validate("Production", new FileOptions { SigningKey = GoodKey }).Succeeded);
        Assert.True(Validate("Production", new FileOptions { SigningKey = Convert.ToBase64String(new byte[31]) }).Failed);
        Assert.True(Validate("Production", new FileOptions { SigningKey = "not base64 at all!" }).Failed);
    }

    [Fact]
    public void Development_falls_back_to_the_development_key_but_still_checks_a_given_one()
    {
        Assert.True(Validate("Development", new FileOptions()).Succeeded);
        Assert.Equal(FileOptions.DevelopmentKey, new FileOptions().KeyBytes());
        Assert.Equal(Convert.FromBase64String(GoodKey), new FileOptions { SigningKey = GoodKey }.KeyBytes());
        Assert.True(Validate("Development", new FileOptions { SigningKey = "c2hvcnQ=" }).Failed);
    }

    [Theory]
    [InlineData("http://127.0.0.1:3978", true)]
    [InlineData("https://bot.contoso.example/dx/", true)]
    [InlineData("/files", false)]
    [InlineData("ftp://bot.contoso.example", false)]
    [InlineData("https://bot.contoso.example/?a=b", false)]
    [InlineData("", false)]
    public void The_public_base_url_must_be_absolute_http(string url, bool valid) =>
        Assert.Equal(valid, Validate("Development", new FileOptions { PublicBaseUrl = url }).Succeeded);

    [Fact]
    public void Lifetime_and_sweep_interval_must_be_positive()
    {
        Assert.True(Validate("Development", new FileOptions { Lifetime = TimeSpan.Zero }).Failed);
        Assert.True(Validate("Development", new FileOptions { SweepInterval = TimeSpan.FromSeconds(-1) }).Failed);
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

    [Fact]
    public async Task The_real_host_starts_in_Production_with_a_signing_key()
    {
        await using var factory = new ProductionHost(GoodKey);
        using var client = factory.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
