using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TeamsDxBot.Files;
using TeamsDxBot.Security;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Security;

public sealed class SecurityOptionsTests
{
    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "TeamsDxBot";
        public string ContentRootPath { get; set; } = "";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

    private static readonly string GoodKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7 + 1)).ToArray());
    private static readonly string OtherKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 5 + 3)).ToArray());

    private static ValidateOptionsResult Validate(string environment, SecurityOptions options) =>
        new SecurityOptionsValidator(new Environment(environment)).Validate(null, options);

    [Fact]
    public void Every_environment_but_Development_needs_a_signing_key_of_at_least_32_bytes()
    {
        foreach (var environment in new[] { "Production", "Staging" })
        {
            var missing = Validate(environment, new SecurityOptions());
            Assert.True(missing.Failed);
            Assert.Contains("Security:SigningKey is required outside Development", missing.FailureMessage);
        }

        Assert.True(Validate("Production", new SecurityOptions { SigningKey = GoodKey }).Succeeded);
        Assert.True(Validate("Production", new SecurityOptions { SigningKey = Convert.ToBase64String(new byte[31]) }).Failed);
        Assert.True(Validate("Production", new SecurityOptions { SigningKey = "not base64 at all!" }).Failed);
    }

    [Fact]
    public void Development_falls_back_to_the_development_key_but_still_checks_a_given_one()
    {
        Assert.True(Validate("Development", new SecurityOptions()).Succeeded);
        Assert.Equal(SecurityOptions.DevelopmentKey, new SecurityOptions().KeyBytes());
        Assert.Equal(Convert.FromBase64String(GoodKey), new SecurityOptions { SigningKey = GoodKey }.KeyBytes());
        Assert.True(Validate("Development", new SecurityOptions { SigningKey = "c2hvcnQ=" }).Failed);
    }

    private sealed class ProductionHost(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("MicrosoftAppId", "00000000-0000-0000-0000-000000000001");
            builder.UseSetting("MicrosoftAppPassword", "secret");
            builder.UseSetting("Storage:ConnectionString", TestStorage.ConnectionString);
            builder.UseSetting("Storage:TablePrefix", TestStorage.NewPrefix());
            builder.UseSetting("Delivery:RunEngine", "false");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }

    private static async Task<FileSigner> StartedSignerAsync(ProductionHost factory)
    {
        using var client = factory.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        return factory.Services.GetRequiredService<FileSigner>();
    }

    private static FileSigner SignerWith(string key) => new(Options.Create(new SecurityOptions { SigningKey = key }));

    [Fact]
    public async Task A_deployment_that_still_sets_Files_SigningKey_starts_and_signs_with_it()
    {
        await using var factory = new ProductionHost(new Dictionary<string, string> { ["Files:SigningKey"] = GoodKey });
        var signer = await StartedSignerAsync(factory);

        Assert.Equal(SignerWith(GoodKey).Sign("id", "chart.png", 1), signer.Sign("id", "chart.png", 1));
    }

    [Fact]
    public async Task A_key_under_Security_wins_over_the_former_Files_key()
    {
        await using var factory = new ProductionHost(new Dictionary<string, string> { ["Security:SigningKey"] = OtherKey, ["Files:SigningKey"] = GoodKey });
        var signer = await StartedSignerAsync(factory);

        Assert.Equal(SignerWith(OtherKey).Sign("id", "chart.png", 1), signer.Sign("id", "chart.png", 1));
        Assert.NotEqual(SignerWith(GoodKey).Sign("id", "chart.png", 1), signer.Sign("id", "chart.png", 1));
    }

    [Fact]
    public async Task Without_any_signing_key_the_real_host_refuses_to_start_in_Production_and_names_the_setting()
    {
        var error = await StartupFailure.ValidationAsync(() => new ProductionHost(new Dictionary<string, string>()));

        Assert.Contains("Security:SigningKey is required outside Development", error.Message);
        Assert.Contains("openssl rand -base64 32", error.Message);
    }
}
