using System.Net;
using Azure.Data.Tables;
using TeamsDxBot.Files;
using TeamsDxBot.Storage;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Files;

public sealed class FileLinkTests
{
    private const string PublicBaseUrl = "http://127.0.0.1:45678";

    // The hosted sweep would otherwise run whenever a test moves the clock past an interval.
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Files:PublicBaseUrl"] = PublicBaseUrl,
        ["Files:SweepInterval"] = "365.00:00:00",
    };

    private static async Task<HttpResponseMessage> GetAsync(BotTestHost host, string pathAndQuery)
    {
        using var client = host.CreateClient();
        return await client.GetAsync(pathAndQuery);
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task A_published_image_downloads_through_its_signed_link()
    {
        await using var host = await BotTestHost.StartAsync(settings: Settings);
        var png = RandomBytes(10_000, 1);

        var url = await host.Get<FileStore>().PublishAsync(BotTestHost.TenantId, "週次利用率.png", "image/png", png, default);

        Assert.Equal(PublicBaseUrl, url.GetLeftPart(UriPartial.Authority));
        Assert.StartsWith("/files/", url.AbsolutePath);
        var expires = host.Clock.GetUtcNow() + TimeSpan.FromDays(7);
        Assert.Contains($"exp={expires.ToUnixTimeSeconds()}&sig=", url.Query);

        using var response = await GetAsync(host, url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(png, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png.Length, response.Content.Headers.ContentLength);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("inline", disposition.DispositionType);
        Assert.Equal("週次利用率.png", disposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''%E9%80%B1%E6%AC%A1", response.Content.Headers.GetValues("Content-Disposition").Single());
        Assert.True(response.Headers.CacheControl!.Private);
        Assert.Equal(TimeSpan.FromDays(7), response.Headers.CacheControl.MaxAge);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_file_of_several_chunks_comes_back_byte_identical_as_an_attachment()
    {
        await using var host = await BotTestHost.StartAsync(settings: Settings);
        var csv = RandomBytes(3 * 1024 * 1024 + 123, 2);

        var url = await host.Get<FileStore>().PublishAsync(BotTestHost.TenantId, "回答一覧 2026-11.csv", "text/csv; charset=utf-8", csv, default);

        var id = url.Segments[2].TrimEnd('/');
        var rows = await host.Get<Tables>().Get(FileStore.TableName).ReadPartitionAsync<TableEntity>(id, default);
        Assert.Equal((csv.Length + FileStore.ChunkBytes - 1) / FileStore.ChunkBytes, rows.Count);
        Assert.True(rows.Count > 1);

        using var response = await GetAsync(host, url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(csv, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("回答一覧 2026-11.csv", response.Content.Headers.ContentDisposition?.FileNameStar);
    }

    [Fact]
    public async Task An_empty_file_is_served_empty()
    {
        await using var host = await BotTestHost.StartAsync(settings: Settings);
        var url = await host.Get<FileStore>().PublishAsync(BotTestHost.TenantId, "empty.csv", "text/csv", ReadOnlyMemory<byte>.Empty, default);

        using var response = await GetAsync(host, url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Tampered_or_unsigned_links_are_forbidden()
    {
        await using var host = await BotTestHost.StartAsync(settings: Settings);
        var url = await host.Get<FileStore>().PublishAsync(BotTestHost.TenantId, "chart.png", "image/png", RandomBytes(100, 3), default);
        var path = url.AbsolutePath;
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        var exp = query["exp"]!;
        var sig = query["sig"]!;
        var flipped = sig[..10] + (sig[10] == 'A' ? 'B' : 'A') + sig[11..];

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, url.PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(host, $"{path}?exp={exp}&sig={flipped}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(host, $"{path.Replace("chart.png", "chart2.png")}?exp={exp}&sig={sig}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(host, $"{path}?exp={long.Parse(exp) + 86400}&sig={sig}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(host, $"{path}?exp={exp}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(host, path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(host, $"{path}?exp={exp}&sig={sig}x")).StatusCode);
        var otherId = Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(host, $"/files/{otherId}/chart.png?exp={exp}&sig={sig}")).StatusCode);
    }

    [Fact]
    public async Task Only_the_exact_link_the_bot_wrote_opens_the_file()
    {
        await using var host = await BotTestHost.StartAsync(settings: Settings);
        var url = await host.Get<FileStore>().PublishAsync(BotTestHost.TenantId, "chart.png", "image/png", RandomBytes(100, 4), default);
        var path = url.AbsolutePath;
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        var exp = query["exp"]!;
        var sig = query["sig"]!;

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, $"{path}?exp={exp}&sig={sig}")).StatusCode);
        foreach (var variant in new[]
        {
            $"{path}?exp=0{exp}&sig={sig}",
            $"{path}?exp=00{exp}&sig={sig}",
            $"{path}?exp=%2B{exp}&sig={sig}",
            $"{path}/?exp={exp}&sig={sig}",
            $"{path}?sig={sig}&exp={exp}",
            $"{path}?exp={exp}&sig={sig}&x=1",
            $"{path}?x=1&exp={exp}&sig={sig}",
            $"{path}?exp={exp}&exp={exp}&sig={sig}",
            $"{path}?exp={exp}&sig={sig}&sig={sig}",
            $"{path}?exp={exp}&sig={sig}&",
            $"{path}?EXP={exp}&sig={sig}",
            $"{path.ToUpperInvariant()}?exp={exp}&sig={sig}",
        })
        {
            using var response = await GetAsync(host, variant);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{variant} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_link_works_until_it_expires_and_is_gone_after()
    {
        await using var host = await BotTestHost.StartAsync(settings: Settings);
        var url = await host.Get<FileStore>().PublishAsync(BotTestHost.TenantId, "chart.png", "image/png", RandomBytes(100, 4), default);

        host.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(10));
        using (var almost = await GetAsync(host, url.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.OK, almost.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(10), almost.Headers.CacheControl?.MaxAge);
        }

        host.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Gone, (await GetAsync(host, url.PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task A_correctly_signed_link_to_an_unknown_file_is_not_found()
    {
        await using var host = await BotTestHost.StartAsync(settings: Settings);
        var url = host.Get<FileStore>().SignedUrl(Guid.NewGuid().ToString("N"), "chart.png", host.Clock.GetUtcNow().AddDays(1));

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(host, url.PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task Instances_without_a_configured_key_accept_each_others_links_and_a_different_key_does_not()
    {
        await using var first = await BotTestHost.StartAsync(settings: Settings);
        await using var second = await BotTestHost.StartAsync(settings: Settings, tablePrefix: first.TablePrefix, connector: first.Connector);
        var otherKey = new Dictionary<string, string>(Settings) { ["Files:SigningKey"] = Convert.ToBase64String(RandomBytes(32, 5)) };
        await using var third = await BotTestHost.StartAsync(settings: otherKey, tablePrefix: first.TablePrefix, connector: first.Connector);
        var url = await first.Get<FileStore>().PublishAsync(BotTestHost.TenantId, "chart.png", "image/png", RandomBytes(100, 6), default);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(second, url.PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(third, url.PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task Names_that_are_not_one_path_segment_are_refused()
    {
        await using var host = await BotTestHost.StartAsync(settings: Settings);
        var store = host.Get<FileStore>();
        foreach (var name in new[] { "", "a/b.csv", "..", "a\\b.csv", " x.csv", "x\n.csv", "\ud800.csv", new string('a', 201) })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => store.PublishAsync(BotTestHost.TenantId, name, "text/csv", new byte[] { 1 }, default));
        }
        await Assert.ThrowsAsync<ArgumentException>(() => store.PublishAsync(BotTestHost.TenantId, "ok.csv", "not a type", new byte[] { 1 }, default));
    }
}
