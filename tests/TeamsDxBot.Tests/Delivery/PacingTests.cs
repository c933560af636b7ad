using Microsoft.Extensions.Time.Testing;
using TeamsDxBot.Delivery;

namespace TeamsDxBot.Tests.Delivery;

public sealed class PacingTests
{
    [Fact]
    public async Task The_eighth_message_to_one_chat_within_a_second_waits_and_other_chats_do_not()
    {
        var clock = new FakeTimeProvider();
        var limits = new ConversationLimits(clock);
        for (var i = 0; i < 7; i++)
        {
            await limits.WaitAsync("a", default);
        }

        var eighth = limits.WaitAsync("a", default);
        await limits.WaitAsync("b", default);
        Assert.False(eighth.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(eighth.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await eighth.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Sixty_messages_in_thirty_seconds_is_the_most_one_chat_gets()
    {
        var clock = new FakeTimeProvider();
        var limits = new ConversationLimits(clock);
        for (var i = 0; i < 60; i++)
        {
            await limits.WaitAsync("a", default);
            clock.Advance(TimeSpan.FromMilliseconds(400)); // well inside 7/s and 8/2s
        }
        // 60 sends took 24 s; the 61st must wait until the first has left the 30 s window.
        var next = limits.WaitAsync("a", default);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_pacer_spaces_sends_at_the_instance_share_and_a_429_pauses_and_slows_it()
    {
        var clock = new FakeTimeProvider();
        var pacer = new Pacer(clock);
        pacer.Configure(tenantRequestsPerSecond: 10, liveInstances: 2); // 5 per second for this instance
        Assert.Equal(5, pacer.CurrentRate, precision: 6);

        await pacer.WaitAsync(default);
        var second = pacer.WaitAsync(default);
        clock.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(5));

        pacer.OnThrottled(TimeSpan.FromSeconds(3));
        Assert.True(pacer.CurrentRate < 5);
        var afterThrottle = pacer.WaitAsync(default);
        clock.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(afterThrottle.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        await afterThrottle.WaitAsync(TimeSpan.FromSeconds(5));

        for (var i = 0; i < 20; i++)
        {
            pacer.OnSuccess();
        }
        Assert.Equal(5, pacer.CurrentRate, precision: 6);
    }
}
