using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TeamsDxBot.FakeConnector;

namespace TeamsDxBot.Tests.Fakes;

public sealed class FakeConnectorTests
{
    private static async Task<(FakeConnectorServer Connector, HttpClient Http)> StartAsync(FakeConnectorOptions? options = null)
    {
        var connector = await FakeConnectorServer.StartAsync(options);
        return (connector, new HttpClient { BaseAddress = new Uri(connector.ServiceUrl) });
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string conversationId, string text = "hello", object? channelData = null) =>
        http.PostAsJsonAsync($"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities", new { type = "message", text, channelData });

    private static Task<HttpResponseMessage> UpdateAsync(HttpClient http, string conversationId, string activityId, string text) =>
        http.PutAsJsonAsync($"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{activityId}", new { type = "message", text });

    private static Task<HttpResponseMessage> CreateConversationAsync(HttpClient http, string memberId) =>
        http.PostAsJsonAsync("v3/conversations", new { isGroup = false, members = new[] { new { id = memberId } }, tenantId = "tenant-1" });

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())?["error"]?["code"]?.GetValue<string>();

    private static string? RetryAfter(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Retry-After", out var values) ? values.Single() : null;

    [Fact]
    public async Task An_injected_403_answers_with_the_teams_code_and_other_conversations_still_get_200()
    {
        var (connector, http) = await StartAsync();
        await using var _ = connector;
        using var __ = http;
        connector.InjectFault("a:blocked", FaultKind.Forbidden);

        using var blocked = await SendAsync(http, "a:blocked");
        using var again = await SendAsync(http, "a:blocked");
        using var other = await SendAsync(http, "a:other");

        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Equal("ConversationBlockedByUser", await ErrorCodeAsync(blocked));
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode); // no count given: until cleared
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(2, connector.FaultCount(FaultKind.Forbidden));
        Assert.Equal(1, connector.Delivered);
        Assert.Equal(0, connector.DeliveredTo("a:blocked"));
        Assert.DoesNotContain(connector.Calls, c => c.ConversationId == "a:blocked");
        Assert.Equal(3, connector.TotalRequests);

        connector.ClearFaults();
        using var cleared = await SendAsync(http, "a:blocked");
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
    }

    [Fact]
    public async Task An_injected_429_carries_retry_after_and_the_count_is_respected()
    {
        var (connector, http) = await StartAsync();
        await using var _ = connector;
        using var __ = http;
        connector.InjectFault("a:busy", FaultKind.TooManyRequests, times: 2, retryAfter: TimeSpan.FromSeconds(3));
        connector.InjectFault("a:busy", FaultKind.TooManyRequestsWithoutRetryAfter, times: 1);

        var statuses = new List<(HttpStatusCode, string?)>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await SendAsync(http, "a:busy");
            statuses.Add((response.StatusCode, RetryAfter(response)));
        }

        Assert.Equal(
            [(HttpStatusCode.TooManyRequests, "3"), (HttpStatusCode.TooManyRequests, "3"), (HttpStatusCode.TooManyRequests, null), (HttpStatusCode.OK, null)],
            statuses);
        Assert.Equal(2, connector.FaultCount(FaultKind.TooManyRequests));
        Assert.Equal(1, connector.FaultCount(FaultKind.TooManyRequestsWithoutRetryAfter));
        Assert.Equal(0, connector.Throttled429Count); // injected, not a limit
        Assert.Equal(1, connector.DeliveredTo("a:busy"));
    }

    [Fact]
    public async Task Create_conversation_faults_target_the_member_id()
    {
        var (connector, http) = await StartAsync();
        await using var _ = connector;
        using var __ = http;
        connector.InjectFault("29:gone", FaultKind.NotFound, times: 1);

        using var gone = await CreateConversationAsync(http, "29:gone");
        using var retry = await CreateConversationAsync(http, "29:gone");

        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("ConversationNotFound", await ErrorCodeAsync(gone));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("a:personal-29:gone", (await retry.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        Assert.Single(connector.Calls, c => c.Kind == "createConversation");
        Assert.Equal(0, connector.Delivered);
    }

    [Fact]
    public async Task The_eighth_message_within_a_second_to_one_conversation_is_throttled_while_another_is_fine()
    {
        var (connector, http) = await StartAsync(new FakeConnectorOptions { EnforceTeamsLimits = true });
        await using var _ = connector;
        using var __ = http;
        (await SendAsync(http, "a:warm-up")).Dispose(); // JIT and connection set-up stay outside the second

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 7; i++)
        {
            using var ok = await SendAsync(http, "a:chatty", $"message {i}");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var eighth = await SendAsync(http, "a:chatty", "message 7");
        using var update = await UpdateAsync(http, "a:chatty", "act-2", "edited"); // updates count against the same windows
        var elapsed = clock.Elapsed;
        using var other = await SendAsync(http, "a:quiet");

        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"nine calls took {elapsed}, too slow to test a one-second window");
        Assert.Equal(HttpStatusCode.TooManyRequests, eighth.StatusCode);
        Assert.Equal("Throttled", await ErrorCodeAsync(eighth));
        Assert.Equal("1", RetryAfter(eighth));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, update.StatusCode);
        Assert.Equal(2, connector.Throttled429Count);
        Assert.Equal(7, connector.DeliveredTo("a:chatty"));
    }

    [Fact]
    public async Task A_burst_beyond_the_tenant_rate_is_partly_throttled_and_every_429_is_counted()
    {
        // 100 at 20/s: some must be refused unless the burst takes over 4 s, so a slow machine cannot hide the limit.
        const int burst = 100;
        const int perSecond = 20;
        var (connector, http) = await StartAsync(new FakeConnectorOptions { EnforceTeamsLimits = true, TenantRequestsPerSecond = perSecond });
        await using var _ = connector;
        using var __ = http;
        (await http.GetAsync("v3/teams/warm-up")).Dispose(); // roster reads are not limited

        var clock = Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, burst).Select(i => SendAsync(http, $"a:person-{i}")));
        var elapsed = clock.Elapsed;
        var throttled = responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        var accepted = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        var retryAfters = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).Select(RetryAfter).Distinct().ToList();
        foreach (var response in responses)
        {
            response.Dispose();
        }

        Assert.Equal(burst, throttled + accepted);
        Assert.True(throttled > 0, $"no 429 in a burst of {burst} at {perSecond}/s taking {elapsed}");
        Assert.Equal(throttled, connector.Throttled429Count);
        Assert.Equal(accepted, connector.Delivered);
        // One second's worth at once, then the rate: never more than that got through.
        Assert.InRange(accepted, perSecond, perSecond + (int)Math.Ceiling(elapsed.TotalSeconds * perSecond));
        Assert.Equal(["1"], retryAfters);
    }

    [Fact]
    public async Task Latency_delays_every_call()
    {
        var latency = TimeSpan.FromMilliseconds(300);
        var (connector, http) = await StartAsync();
        await using var _ = connector;
        using var __ = http;
        (await SendAsync(http, "a:warm-up")).Dispose();
        connector.Options.Latency = latency; // options apply to a running server

        var clock = Stopwatch.StartNew();
        using var sent = await SendAsync(http, "a:slow");
        var sendTime = clock.Elapsed;
        clock.Restart();
        using var team = await http.GetAsync("v3/teams/19:team");
        var readTime = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, team.StatusCode);
        // The server's timer and the test's stopwatch tick differently; a few milliseconds is clock granularity.
        Assert.True(sendTime >= latency - TimeSpan.FromMilliseconds(5), $"send took {sendTime}");
        Assert.True(readTime >= latency - TimeSpan.FromMilliseconds(5), $"read took {readTime}");
    }

    [Fact]
    public async Task A_connection_reset_makes_the_client_throw_and_the_next_call_succeeds()
    {
        var (connector, http) = await StartAsync();
        await using var _ = connector;
        using var __ = http;
        connector.InjectFault("a:flaky", FaultKind.ConnectionReset, times: 1);

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(http, "a:flaky"));
        using var retry = await SendAsync(http, "a:flaky");

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, connector.FaultCount(FaultKind.ConnectionReset));
        Assert.Equal(1, connector.Delivered);
    }

    [Fact]
    public async Task A_timeout_holds_the_request_then_answers_504_and_a_client_giving_up_sooner_times_out()
    {
        var (connector, http) = await StartAsync(new FakeConnectorOptions { TimeoutDelay = TimeSpan.FromMilliseconds(300) });
        await using var _ = connector;
        using var __ = http;
        connector.InjectFault("a:stuck", FaultKind.Timeout, times: 1);
        connector.InjectFault("a:abandoned", FaultKind.Timeout);

        var clock = Stopwatch.StartNew();
        using var stuck = await SendAsync(http, "a:stuck");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(295), $"answered after {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.GatewayTimeout, stuck.StatusCode);
        Assert.Equal("GatewayTimeout", await ErrorCodeAsync(stuck));

        connector.Options.TimeoutDelay = TimeSpan.FromMinutes(5);
        using var impatient = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromMilliseconds(200) };
        await Assert.ThrowsAsync<TaskCanceledException>(() => SendAsync(impatient, "a:abandoned"));
    }

    [Fact]
    public async Task Disposing_lets_go_of_held_requests_by_dropping_them_rather_than_answering_200()
    {
        var (connector, http) = await StartAsync(new FakeConnectorOptions { TimeoutDelay = TimeSpan.FromMinutes(5) });
        using var _ = http;
        connector.InjectFault("a:held", FaultKind.Timeout);
        var held = SendAsync(http, "a:held");
        for (var waited = 0; connector.FaultCount(FaultKind.Timeout) == 0 && waited < 2000; waited += 10)
        {
            await Task.Delay(10);
        }
        Assert.Equal(1, connector.FaultCount(FaultKind.Timeout));

        var clock = Stopwatch.StartNew();
        await connector.DisposeAsync();
        await connector.DisposeAsync(); // twice is harmless

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"disposing took {clock.Elapsed}");
        await Assert.ThrowsAsync<HttpRequestException>(() => held);
    }

    [Fact]
    public async Task Random_faults_with_a_seed_are_reproducible_whatever_the_interleaving()
    {
        static FakeConnectorOptions Options(int seed) => new()
        {
            RandomFaultRate = 0.4,
            RandomFaults = [FaultKind.BadGateway, FaultKind.ServiceUnavailable, FaultKind.PreconditionFailed],
            Seed = seed,
        };
        var conversations = Enumerable.Range(0, 6).Select(i => $"a:random-{i}").ToList();

        async Task<Dictionary<string, string>> RunAsync(int seed, bool concurrently)
        {
            var (connector, http) = await StartAsync(Options(seed));
            await using var _ = connector;
            using var __ = http;
            async Task<string> ConversationAsync(string conversationId)
            {
                var codes = new List<int>();
                for (var i = 0; i < 8; i++)
                {
                    using var response = await SendAsync(http, conversationId, $"message {i}");
                    codes.Add((int)response.StatusCode);
                }
                return string.Join(",", codes);
            }
            var results = new Dictionary<string, string>();
            if (concurrently)
            {
                var all = await Task.WhenAll(conversations.Select(ConversationAsync));
                results = conversations.Zip(all).ToDictionary(p => p.First, p => p.Second);
            }
            else
            {
                foreach (var conversationId in conversations)
                {
                    results[conversationId] = await ConversationAsync(conversationId);
                }
            }
            var faults = connector.FaultCount(FaultKind.BadGateway) + connector.FaultCount(FaultKind.ServiceUnavailable) + connector.FaultCount(FaultKind.PreconditionFailed);
            Assert.Equal(48, faults + connector.Delivered);
            return results;
        }

        var first = await RunAsync(seed: 7, concurrently: false);
        var second = await RunAsync(seed: 7, concurrently: true);
        var otherSeed = await RunAsync(seed: 8, concurrently: false);

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
        var codes = first.Values.SelectMany(v => v.Split(',')).ToList();
        Assert.Contains("200", codes);
        Assert.Contains("502", codes);
        Assert.InRange(codes.Count(c => c != "200"), 8, 32); // about 40% of 48
    }

    [Fact]
    public async Task Deliveries_and_duplicates_are_counted_per_conversation_and_reset_between_phases()
    {
        var (connector, http) = await StartAsync(new FakeConnectorOptions { RecordBodies = false });
        await using var _ = connector;
        using var __ = http;

        (await SendAsync(http, "a:one", "notice")).Dispose();
        (await SendAsync(http, "a:one", "notice")).Dispose(); // a retry that got through twice
        (await SendAsync(http, "a:one", "another notice")).Dispose();
        (await SendAsync(http, "a:two", "notice")).Dispose();
        (await SendAsync(http, "a:two", "weekly", new { dedupeKey = "week-1" })).Dispose();
        (await SendAsync(http, "a:two", "weekly", new { dedupeKey = "week-2" })).Dispose(); // same text, a different message
        (await UpdateAsync(http, "a:one", "act-1", "edited")).Dispose();

        Assert.Equal(6, connector.Delivered);
        Assert.Equal(3, connector.DeliveredTo("a:one"));
        Assert.Equal(3, connector.DeliveryCounts["a:two"]);
        Assert.Equal(1, connector.DuplicateDeliveries);
        Assert.Equal(7, connector.Calls.Count);
        Assert.All(connector.Calls, c => Assert.Empty(c.Body)); // bodies not kept, calls still are
        Assert.Single(connector.Calls, c => c.Kind == "update");

        connector.Reset();

        Assert.Equal(0, connector.Delivered);
        Assert.Equal(0, connector.DuplicateDeliveries);
        Assert.Equal(0, connector.TotalRequests);
        Assert.Empty(connector.DeliveryCounts);
        Assert.Empty(connector.Calls);
        (await SendAsync(http, "a:one", "notice")).Dispose();
        Assert.Equal(0, connector.DuplicateDeliveries);
    }

    [Fact]
    public void Conversation_windows_enforce_every_teams_limit_with_the_exact_wait()
    {
        static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);
        var windows = new SlidingWindows(SlidingWindows.Teams);

        // 7 per second, then 8 per 2 seconds.
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(TimeSpan.Zero, windows.WaitFor(S(i * 0.01)));
            windows.Add(S(i * 0.01));
        }
        Assert.Equal(S(0.94), windows.WaitFor(S(0.06)));
        Assert.Equal(TimeSpan.Zero, windows.WaitFor(S(1.0)));
        windows.Add(S(1.0));
        Assert.Equal(S(0.5), windows.WaitFor(S(1.5))); // 8 in the last 2 s; the first leaves at 2.0

        // 60 per 30 seconds: one every 0.5 s stays under the short windows.
        windows = new SlidingWindows(SlidingWindows.Teams);
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(TimeSpan.Zero, windows.WaitFor(S(i * 0.5)));
            windows.Add(S(i * 0.5));
        }
        Assert.Equal(S(0.1), windows.WaitFor(S(29.9)));
        Assert.Equal(TimeSpan.Zero, windows.WaitFor(S(30)));

        // 1800 per hour: one every 1.5 s stays under the others.
        windows = new SlidingWindows(SlidingWindows.Teams);
        for (var i = 0; i < 1800; i++)
        {
            Assert.Equal(TimeSpan.Zero, windows.WaitFor(S(i * 1.5)));
            windows.Add(S(i * 1.5));
        }
        Assert.Equal(S(3600 - 2700), windows.WaitFor(S(2700)));
        Assert.Equal(TimeSpan.Zero, windows.WaitFor(S(3600)));
        windows.Add(S(3600));
        Assert.Equal(S(1.5), windows.WaitFor(S(3600))); // the ring dropped the oldest and still answers
    }

    [Fact]
    public void The_tenant_rate_admits_a_seconds_burst_then_exactly_the_rate()
    {
        var rate = new TenantRate();
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(TimeSpan.Zero, rate.TryTake(TimeSpan.Zero, 50));
        }
        Assert.Equal(TimeSpan.FromMilliseconds(20), rate.TryTake(TimeSpan.Zero, 50));

        // A client pacing itself at exactly 50/s from an empty bucket is never refused.
        for (var i = 1; i <= 1000; i++)
        {
            Assert.Equal(TimeSpan.Zero, rate.TryTake(TimeSpan.FromMilliseconds(20 * i), 50));
        }
        Assert.Equal(TimeSpan.FromMilliseconds(20), rate.TryTake(TimeSpan.FromMilliseconds(20_000), 50));
    }
}
