using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TeamsDxBot.Connector;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Bot;

public sealed class HostingTests
{
    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "TeamsDxBot";
        public string ContentRootPath { get; set; } = "";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

    private static ValidateOptionsResult Validate(string environment, BotCredentials credentials) =>
        new BotCredentialsValidator(new Environment(environment)).Validate(null, credentials);

    [Fact]
    public void Production_without_credentials_names_the_missing_settings()
    {
        var result = Validate("Production", new BotCredentials());
        Assert.True(result.Failed);
        Assert.Contains("MicrosoftAppId", result.FailureMessage);
        Assert.Contains("MicrosoftAppPassword", result.FailureMessage);
    }

    [Fact]
    public void Production_accepts_a_secret_or_a_managed_identity()
    {
        Assert.True(Validate("Production", new BotCredentials { MicrosoftAppId = "app", MicrosoftAppPassword = "secret" }).Succeeded);
        Assert.True(Validate("Production", new BotCredentials { MicrosoftAppType = "UserAssignedMSI", MicrosoftAppId = "app", MicrosoftAppTenantId = "t" }).Succeeded);
        var msiWithoutTenant = Validate("Production", new BotCredentials { MicrosoftAppType = "UserAssignedMSI", MicrosoftAppId = "app" });
        Assert.Contains("MicrosoftAppTenantId", msiWithoutTenant.FailureMessage);
        Assert.True(Validate("Production", new BotCredentials { MicrosoftAppType = "Something", MicrosoftAppId = "a", MicrosoftAppPassword = "b" }).Failed);
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("Test")]
    [InlineData("Production")]
    public void Every_environment_but_Development_needs_credentials(string environment)
    {
        var result = Validate(environment, new BotCredentials());
        Assert.True(result.Failed);
        Assert.Contains("MicrosoftAppId", result.FailureMessage);
    }

    [Fact]
    public void Development_allows_the_anonymous_local_mode() =>
        Assert.True(Validate("Development", new BotCredentials()).Succeeded);

    private sealed class ProductionHost : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Storage:ConnectionString", TestStorage.ConnectionString);
            builder.UseSetting("Storage:TablePrefix", TestStorage.NewPrefix());
            // Only the credentials are missing: the file signing key has its own test (FileOptionsTests).
            builder.UseSetting("Files:SigningKey", Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray()));
        }
    }

    [Fact]
    public async Task The_real_host_refuses_to_start_in_Production_without_credentials()
    {
        var error = await StartupFailure.ValidationAsync(() => new ProductionHost());
        Assert.Contains("MicrosoftAppPassword", error.Message);
    }

    [Fact]
    public async Task Health_and_readiness_answer_when_storage_is_up()
    {
        await using var host = await BotTestHost.StartAsync();
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Messages_endpoint_rejects_garbage_without_storing_anything()
    {
        await using var host = await BotTestHost.StartAsync();
        using var client = host.CreateClient();
        using var content = new StringContent("not json", System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/messages", content);
        Assert.False(response.IsSuccessStatusCode);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/jp/", "Production", true)]
    [InlineData("https://europe.botframework.com/", "Production", true)]
    [InlineData("http://smba.trafficmanager.net/jp/", "Production", false)]
    [InlineData("https://attacker.example/", "Production", false)]
    [InlineData("https://botframework.com.attacker.example/", "Production", false)]
    [InlineData("http://127.0.0.1:56150/_connector", "Production", false)]
    [InlineData("http://127.0.0.1:56150/_connector", "Development", true)]
    [InlineData("not a url", "Development", false)]
    public void Service_urls_are_checked_against_the_allow_list(string url, string environment, bool allowed)
    {
        var policy = new ServiceUrlPolicy(new StaticOptions(new BotOptions()), new Environment(environment));
        Assert.Equal(allowed, policy.IsAllowed(url));
    }

    private sealed class StaticOptions(BotOptions value) : IOptionsMonitor<BotOptions>
    {
        public BotOptions CurrentValue => value;
        public BotOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<BotOptions, string?> listener) => null;
    }
}
