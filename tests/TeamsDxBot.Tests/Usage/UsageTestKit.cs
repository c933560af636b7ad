using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Usage;

namespace TeamsDxBot.Tests.Usage;

/// <summary>Helpers to import usage as a promoter or a system and read back what is stored.</summary>
public static class UsageTestKit
{
    /// <summary>Every stored person-week of the initiative from 2026-09-28 on, by person and week.</summary>
    public static async Task<IReadOnlyList<UsageWeek>> WeeksAsync(BotTestHost host, string initiativeId = Metrics.MetricsTestKit.Expenses) =>
        await host.Get<UsageWeekRepository>().ListFromAsync(BotTestHost.TenantId, initiativeId, new DateOnly(2026, 9, 28), default);

    public static UsageWeek Week(IReadOnlyList<UsageWeek> stored, TestUser user, DateOnly monday) =>
        Assert.Single(stored, u => u.PersonId == user.AadObjectId && u.WeekStart == monday);

    public static Task ImportAsync(BotTestHost host, TestUser user, string text, string initiativeId = Metrics.MetricsTestKit.Expenses) =>
        host.SubmitAsync(user, new { verb = UsageCards.ImportVerb, initiativeId, csv = text });

    public static async Task SetEmployeeIdAsync(BotTestHost host, TestUser user, string employeeId) =>
        await host.Get<TeamsDxBot.Directory.PersonRepository>().UpdateAsync(BotTestHost.TenantId, user.AadObjectId, p => p with { EmployeeId = employeeId }, default);

    public static async Task<HttpResponseMessage> PostAsync(BotTestHost host, string? key, byte[] body, string contentType,
        string? initiativeId = Metrics.MetricsTestKit.Expenses, string? acceptLanguage = null)
    {
        using var client = host.CreateClient();
        var path = initiativeId is null ? UsageApi.Path : $"{UsageApi.Path}?{UsageApi.InitiativeParameter}={Uri.EscapeDataString(initiativeId)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }
        return await client.SendAsync(request);
    }

    public static byte[] Utf8(string text, bool bom = false) => bom ? [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text);

    public static byte[] ShiftJis(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932).GetBytes(text);
    }

    public static async Task<JsonObject> BodyAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
}
