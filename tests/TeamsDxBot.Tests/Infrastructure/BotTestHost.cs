using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using TeamsDxBot.FakeConnector;

namespace TeamsDxBot.Tests.Infrastructure;

/// <summary>
/// The real host (Program) on a test server, with Azurite storage under a fresh table prefix, a fake
/// clock, and a fake Bot Connector on loopback receiving everything the bot sends.
/// </summary>
public sealed class BotTestHost : WebApplicationFactory<Program>
{
    public const string TenantId = "tenant-1";

    public static readonly TestUser Promoter = new("aad-promoter", "推進 太郎", "promoter@contoso.example");
    public static readonly TestUser Staff = new("aad-staff", "社員 花子", "staff@contoso.example");
    public static readonly TestUser EnglishStaff = new("aad-english", "Alex Smith", "alex@contoso.example", "en-US");

    private readonly Action<IServiceCollection>? configure;
    private readonly IReadOnlyDictionary<string, string> settings;

    private bool ownsConnector;

    public FakeConnectorServer Connector { get; }
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero));
    public string TablePrefix { get; }

    private BotTestHost(FakeConnectorServer connector, Action<IServiceCollection>? configure, IReadOnlyDictionary<string, string>? settings, string? tablePrefix)
    {
        Connector = connector;
        this.configure = configure;
        this.settings = settings ?? new Dictionary<string, string>();
        TablePrefix = tablePrefix ?? TestStorage.NewPrefix();
    }

    /// <param name="settings">Configuration overrides ("Section:Key" = value).</param>
    /// <param name="tablePrefix">Share another host's tables (a second instance on the same storage account).</param>
    /// <param name="connector">Share another host's fake connector.</param>
    public static async Task<BotTestHost> StartAsync(Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string>? settings = null,
        string? tablePrefix = null, FakeConnectorServer? connector = null)
    {
        var ownsConnector = connector is null;
        connector ??= await FakeConnectorServer.StartAsync();
        if (ownsConnector)
        {
            connector.TenantId = TenantId;
            connector.Members.AddRange(new[] { Promoter, Staff, EnglishStaff }.Select(u => new FakeMember(u.TeamsId, u.AadObjectId, u.Name, u.Email)));
        }
        var host = new BotTestHost(connector, configure, settings, tablePrefix) { ownsConnector = ownsConnector };
        _ = host.Server; // starts the host: tables are created before the first request
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Storage:ConnectionString", TestStorage.ConnectionString);
        builder.UseSetting("Storage:TablePrefix", TablePrefix);
        builder.UseSetting("Directory:Admins:0", Promoter.AadObjectId);
        // Tests may start with anyone speaking; the learned-tenant mode has its own tests (TenantAllowListTests).
        builder.UseSetting("Bot:AllowedTenants:0", TenantId);
        // The test drives roster reads itself (RosterSync.RunOnceAsync).
        builder.UseSetting("Directory:RosterSyncInterval", "01:00:00");
        // Likewise the question deadline check (QuestionService.CheckDeadlinesAsync).
        builder.UseSetting("Questions:CheckInterval", "30.00:00:00");
        // Likewise the pulse schedule (PulseScheduler.TickAsync).
        builder.UseSetting("Pulse:CheckInterval", "30.00:00:00");
        builder.UseSetting("Pulse:RunWorker", "false");
        builder.UseSetting("Nudges:CheckInterval", "30.00:00:00");
        // Likewise the key users' weekly follow-up list (FollowUpPush.RunAsync).
        builder.UseSetting("Usage:FollowUp:CheckInterval", "30.00:00:00");
        builder.UseSetting("Demo:Seed", "false");
        // Tests drive the delivery engine themselves (DeliveryEngine.RunAsync) unless they ask otherwise.
        builder.UseSetting("Delivery:RunEngine", "false");
        // Likewise the broadcast schedule (BroadcastScheduler.TickAsync).
        builder.UseSetting("Broadcasts:CheckInterval", "30.00:00:00");
        builder.UseSetting("Privacy:RetentionCheckInterval", "30.00:00:00");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            configure?.Invoke(services);
        });
    }

    public async Task<HttpResponseMessage> PostAsync(JObject activity)
    {
        using var client = CreateClient();
        using var content = new StringContent(activity.ToString(), System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/messages", content);
        return response;
    }

    public Task<HttpResponseMessage> SayAsync(TestUser user, string text) => PostAsync(Activities.Message(user, text, Connector.ServiceUrl, TenantId));

    public Task<HttpResponseMessage> SubmitAsync(TestUser user, object data) => PostAsync(Activities.Submit(user, data, Connector.ServiceUrl, TenantId));

    /// <summary>Presses an Action.Execute button; Teams shows the card the bot answers with in place of the pressed one.</summary>
    public async Task<CardAnswer> ExecuteAsync(TestUser user, object data)
    {
        using var response = await PostAsync(Activities.Execute(user, data, Connector.ServiceUrl, TenantId));
        var body = await response.Content.ReadAsStringAsync();
        var node = body.Length > 0 ? System.Text.Json.Nodes.JsonNode.Parse(body) : null;
        return new CardAnswer((int)response.StatusCode, node?["type"]?.GetValue<string>(), node?["value"] as System.Text.Json.Nodes.JsonObject);
    }

    /// <summary>What the bot sent into this person's 1:1 chat, in order.</summary>
    public IReadOnlyList<RecordedCall> SentTo(TestUser user) => Connector.To(user.ConversationId);

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsConnector)
        {
            await Connector.DisposeAsync();
        }
    }
}

/// <summary>The answer to an Action.Execute press: the card that replaces the pressed one.</summary>
public sealed record CardAnswer(int Status, string? Type, System.Text.Json.Nodes.JsonObject? Card)
{
    /// <summary>Every text on the card, for assertions on what a person sees.</summary>
    public string AllText => new RecordedCall("invoke", "", null, Card ?? []).AllText;
}

