using System.Text.Json.Nodes;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Infra;

/// <summary>infra/main.bicep: compiles, lints clean, and deploys what the issue of trust asks of a production host.</summary>
public sealed class InfraTemplateTests
{
    [BicepFact]
    public async Task The_template_compiles_and_the_linter_finds_nothing()
    {
        var (code, output, errors) = await Bicep.RunAsync(null, "lint", Bicep.Template);
        Assert.True(code == 0, errors);
        Assert.Equal("", (output + errors).Trim());
    }

    [BicepFact]
    public async Task The_parameters_file_takes_its_secrets_from_the_environment_and_refuses_to_build_without_them()
    {
        var (missingCode, _, missing) = await Bicep.RunAsync(null, "build-params", Bicep.Parameters, "--stdout");
        Assert.NotEqual(0, missingCode);
        Assert.Contains("TEAMSDX_SIGNING_KEY", missing);

        var secrets = new Dictionary<string, string>
        {
            ["TEAMSDX_SIGNING_KEY"] = Convert.ToBase64String(new byte[32]),
            ["TEAMSDX_FIRST_PROMOTER"] = "promoter@contoso.example",
        };
        var (code, output, errors) = await Bicep.RunAsync(secrets, "build-params", Bicep.Parameters, "--stdout");
        Assert.True(code == 0, errors);
        var parameters = JsonNode.Parse(JsonNode.Parse(output)!["parametersJson"]!.GetValue<string>())!["parameters"]!;
        Assert.Equal("promoter@contoso.example", parameters["firstPromoter"]!["value"]!.GetValue<string>());
        Assert.Equal(2, parameters["instanceCount"]!["value"]!.GetValue<int>());
    }

    [BicepFact]
    public async Task The_deployment_is_https_only_with_tls_1_2_a_managed_identity_bot_and_no_public_blobs()
    {
        var template = await Bicep.CompileAsync();
        var resources = template["resources"]!.AsArray().Select(r => r!.AsObject()).ToList();
        JsonObject Of(string type) => Assert.Single(resources, r => r["type"]!.GetValue<string>() == type);

        var site = Of("Microsoft.Web/sites")["properties"]!;
        Assert.True(site["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("1.2", site["siteConfig"]!["minTlsVersion"]!.GetValue<string>());
        Assert.Equal("DOTNETCORE|10.0", site["siteConfig"]!["linuxFxVersion"]!.GetValue<string>());
        var storage = Of("Microsoft.Storage/storageAccounts")["properties"]!;
        Assert.False(storage["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", storage["minimumTlsVersion"]!.GetValue<string>());
        var bot = Of("Microsoft.BotService/botServices")["properties"]!;
        Assert.Equal("UserAssignedMSI", bot["msaAppType"]!.GetValue<string>());
        Assert.Equal("MsTeamsChannel", Of("Microsoft.BotService/botServices/channels")["properties"]!["channelName"]!.GetValue<string>());
        Assert.True(Of("Microsoft.KeyVault/vaults")["properties"]!["enableRbacAuthorization"]!.GetValue<bool>());
        Of("Microsoft.Insights/components");
        Of("Microsoft.OperationalInsights/workspaces");

        var settings = AppSettings(template);
        Assert.Equal("UserAssignedMSI", settings["MicrosoftAppType"]);
        Assert.DoesNotContain("MicrosoftAppPassword", settings.Keys);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", settings["Security__SigningKey"]);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", settings["Storage__ConnectionString"]);
        Assert.Equal(["botAppId", "hostName", "messagingEndpoint", "webAppName"], template["outputs"]!.AsObject().Select(o => o.Key).Order());
    }

    [BicepFact]
    public async Task The_template_gives_the_host_every_setting_it_needs_outside_Development()
    {
        var settings = AppSettings(await Bicep.CompileAsync());
        // What the template computes at deployment (ids, Key Vault references) becomes a stand-in of the same
        // kind; where the host listens and where telemetry goes stay this machine's (loopback, none).
        var standIns = new Dictionary<string, string>
        {
            ["MicrosoftAppId"] = "00000000-0000-0000-0000-000000000001",
            ["MicrosoftAppTenantId"] = "00000000-0000-0000-0000-0000000000aa",
            ["Security__SigningKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 7)).ToArray()),
            ["Files__PublicBaseUrl"] = "https://teamsdx.contoso.example",
            ["Storage__ConnectionString"] = TestStorage.ConnectionString,
            ["Directory__Admins__0"] = "promoter@contoso.example",
        };
        string[] local = ["Urls", "WEBSITES_PORT", "APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var environment = settings.Where(s => !local.Contains(s.Key))
            .ToDictionary(s => s.Key, s => s.Value.StartsWith('[') ? standIns[s.Key] : s.Value);
        environment["Storage__TablePrefix"] = TestStorage.NewPrefix();
        environment["Delivery__RunEngine"] = "false";
        Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);

        var (bot, address) = await BotProcess.StartAsync(environment);
        await using (bot)
        {
            Assert.True(address is not null, string.Join("\n", bot.Output));
        }

        // And each of the settings the host checks at start is one the template provides.
        foreach (var (key, named) in new[] { ("MicrosoftAppId", "MicrosoftAppId"), ("MicrosoftAppTenantId", "MicrosoftAppTenantId"), ("Security__SigningKey", "Security:SigningKey") })
        {
            var without = new Dictionary<string, string>(environment);
            without.Remove(key);
            var (refused, refusedAddress) = await BotProcess.StartAsync(without);
            await using (refused)
            {
                Assert.Null(refusedAddress);
                Assert.Equal(1, refused.ExitCode);
                Assert.Contains(refused.Output, line => line.Contains(named, StringComparison.Ordinal));
            }
        }
    }

    /// <summary>The web app's settings as the template writes them (values are ARM expressions).</summary>
    public static Dictionary<string, string> AppSettings(JsonObject template) =>
        template["resources"]!.AsArray().Select(r => r!)
            .Single(r => r["type"]!.GetValue<string>() == "Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["value"]!.GetValue<string>());
}
