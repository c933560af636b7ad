using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using TeamsDxBot.Directory;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Metrics;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Metrics;

/// <summary>A host with two departments and two initiatives, and helpers to read what the promoter sees.</summary>
public static class MetricsTestKit
{
    public const string Expenses = "exp000000001";
    public const string Chat = "chat00000001";

    public static async Task<(string Sales, string Plant)> SeedAsync(BotTestHost host)
    {
        var departments = host.Get<DepartmentRepository>();
        var sales = (await departments.CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default)).Department!.Id;
        var plant = (await departments.CreateAsync(BotTestHost.TenantId, "製造部", host.Clock.GetUtcNow(), default)).Department!.Id;
        foreach (var (id, name) in new[] { (Expenses, "経費精算システム"), (Chat, "社内チャット") })
        {
            await host.Get<InitiativeRepository>().AddAsync(new Initiative
            {
                TenantId = BotTestHost.TenantId, Id = id, Name = name, GoLive = new(2026, 10, 1), TargetDate = new(2027, 1, 1), CreatedAt = host.Clock.GetUtcNow(),
            }, default);
        }
        await host.SayAsync(BotTestHost.Promoter, "help");
        await host.SayAsync(BotTestHost.Staff, "help");
        return (sales, plant);
    }

    public static Task<IReadOnlyList<ToolMetric>> StoredAsync(BotTestHost host, string initiativeId = Expenses) =>
        host.Get<ToolMetricsRepository>().ListAsync(BotTestHost.TenantId, initiativeId, default);

    public static Task SaveAsync(BotTestHost host, TestUser user, string csv, string initiativeId = Expenses) =>
        host.SubmitAsync(user, new { verb = MetricsCards.SaveVerb, initiativeId, csv });

    /// <summary>The value of the input with this id on the card of the call.</summary>
    public static string? InputValue(RecordedCall call, string id) => Find(call.Card, id)?["value"]?.GetValue<string>();

    private static JsonObject? Find(JsonNode? node, string id) => node switch
    {
        JsonObject o when o["id"]?.GetValue<string>() == id => o,
        JsonObject o => o.Select(p => Find(p.Value, id)).FirstOrDefault(f => f is not null),
        JsonArray a => a.Select(n => Find(n, id)).FirstOrDefault(f => f is not null),
        _ => null,
    };

    /// <summary>Presses "Create / rotate key" (confirmed) and returns the key the card shows once.</summary>
    public static async Task<string> RotateAsync(BotTestHost host, string initiativeId = Expenses)
    {
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = MetricsCards.RotateKeyVerb, keyInitiativeId = initiativeId, confirmed = true });
        var card = host.SentTo(BotTestHost.Promoter).Last();
        Assert.Contains("今回しか表示しません", card.AllText);
        return InputValue(card, "apiKey") ?? throw new InvalidOperationException("No key on the card: " + card.AllText);
    }

    public static async Task<HttpResponseMessage> PostAsync(BotTestHost host, string? key, string body, string contentType = "text/csv",
        string? acceptLanguage = null, bool headerKey = false)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, MetricsApi.Path)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (key is not null)
        {
            if (headerKey)
            {
                request.Headers.Add(MetricsApi.ApiKeyHeader, key);
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
        }
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }
        return await client.SendAsync(request);
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
}
