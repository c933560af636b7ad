using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Usage;

namespace TeamsDxBot.Tests.Usage;

public sealed class UsageWeekRepositoryTests : IAsyncLifetime
{
    private const string Initiative = "exp000000001";
    private static readonly DateOnly Nov9 = new(2026, 11, 9);
    private static readonly DateOnly Nov16 = new(2026, 11, 16);

    private BotTestHost host = null!;

    public async Task InitializeAsync() => host = await BotTestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static UsageWeek Row(int person, DateOnly week, int days) => new()
    {
        TenantId = BotTestHost.TenantId,
        InitiativeId = Initiative,
        PersonId = $"aad-{person:000}",
        WeekStart = week,
        ActiveDays = days,
        LastActive = week.AddDays(days - 1),
        Source = "api:test",
    };

    [Fact]
    public async Task A_large_week_is_replaced_as_a_whole_and_each_person_keeps_their_own_weeks()
    {
        var repository = host.Get<UsageWeekRepository>();
        // 130 people spread over most of the 64 chunk rows.
        var big = Enumerable.Range(0, 130).Select(i => Row(i, Nov16, 1 + (i % 7))).ToList();
        await repository.ReplaceWeeksAsync(BotTestHost.TenantId, Initiative, [Nov9], [Row(7, Nov9, 3)], default);

        var first = await repository.ReplaceWeeksAsync(BotTestHost.TenantId, Initiative, [Nov16], big, default);
        Assert.Equal(new UsageWrite(130, 0), first);
        Assert.Equal(131, (await repository.ListFromAsync(BotTestHost.TenantId, Initiative, Nov9, default)).Count);
        Assert.Equal(130, (await repository.ListFromAsync(BotTestHost.TenantId, Initiative, Nov16, default)).Count);

        var again = await repository.ReplaceWeeksAsync(BotTestHost.TenantId, Initiative, [Nov16], [Row(7, Nov16, 5), Row(200, Nov16, 2)], default);
        Assert.Equal(new UsageWrite(2, 129), again);
        var week = await repository.ListFromAsync(BotTestHost.TenantId, Initiative, Nov16, default);
        Assert.Equal(["aad-007", "aad-200"], week.Select(u => u.PersonId).Order());

        // The person's own copy follows: both their weeks, the replaced one with its new figures.
        var own = await repository.ListPersonAsync(BotTestHost.TenantId, Initiative, "aad-007", default);
        Assert.Equal([(Nov9, 3), (Nov16, 5)], own.Select(u => (u.WeekStart, u.ActiveDays)));
        Assert.Empty(await repository.ListPersonAsync(BotTestHost.TenantId, Initiative, "aad-008", default));
        // A person id that is a prefix of another's does not see the other's weeks.
        Assert.Empty(await repository.ListPersonAsync(BotTestHost.TenantId, Initiative, "aad-00", default));
    }

    [Fact]
    public async Task A_persons_weeks_in_every_initiative_can_be_listed_and_deleted_for_a_privacy_request()
    {
        var repository = host.Get<UsageWeekRepository>();
        await repository.ReplaceWeeksAsync(BotTestHost.TenantId, Initiative, [Nov9, Nov16], [Row(1, Nov9, 2), Row(1, Nov16, 3), Row(2, Nov16, 4)], default);
        await repository.ReplaceWeeksAsync(BotTestHost.TenantId, "chat00000001", [Nov16],
            [Row(1, Nov16, 1) with { InitiativeId = "chat00000001" }], default);

        var everywhere = await repository.ListPersonEverywhereAsync(BotTestHost.TenantId, "aad-001", default);
        Assert.Equal(3, everywhere.Count);
        Assert.All(everywhere, u => Assert.Equal("aad-001", u.PersonId));

        Assert.Equal(3, await repository.DeletePersonAsync(BotTestHost.TenantId, "aad-001", default));
        Assert.Equal(0, await repository.DeletePersonAsync(BotTestHost.TenantId, "aad-001", default));

        Assert.Empty(await repository.ListPersonEverywhereAsync(BotTestHost.TenantId, "aad-001", default));
        var left = Assert.Single(await repository.ListFromAsync(BotTestHost.TenantId, Initiative, Nov9, default));
        Assert.Equal("aad-002", left.PersonId);
        Assert.Empty(await repository.ListFromAsync(BotTestHost.TenantId, "chat00000001", Nov9, default));
    }

    [Fact]
    public async Task Two_instances_replacing_different_weeks_of_one_initiative_at_once_lose_no_week()
    {
        await using var second = await BotTestHost.StartAsync(tablePrefix: host.TablePrefix, connector: host.Connector);
        var weeks = Enumerable.Range(0, 8).Select(i => Nov9.AddDays(-7 * i)).ToList();
        // 300 people a week: every import rewrites most of the initiative's chunk rows, so the writers collide.
        var imports = weeks.Select((week, i) => (i % 2 == 0 ? host : second).Get<UsageWeekRepository>()
            .ReplaceWeeksAsync(BotTestHost.TenantId, Initiative, [week], Enumerable.Range(0, 300).Select(p => Row(p, week, 1 + ((p + i) % 7))).ToList(), default));

        var writes = await Task.WhenAll(imports);

        Assert.All(writes, w => Assert.Equal(new UsageWrite(300, 0), w));
        var stored = await second.Get<UsageWeekRepository>().ListFromAsync(BotTestHost.TenantId, Initiative, weeks[^1], default);
        Assert.Equal(8 * 300, stored.Count);
        Assert.Equal(weeks.Order(), stored.Select(u => u.WeekStart).Distinct());
        Assert.Equal(1 + ((42 + 3) % 7), Assert.Single(stored, u => u.PersonId == "aad-042" && u.WeekStart == weeks[3]).ActiveDays);
    }

    [Fact]
    public async Task Counts_and_the_import_that_wrote_a_week_are_kept_and_a_week_sent_twice_keeps_the_later_row()
    {
        var repository = host.Get<UsageWeekRepository>();
        var at = new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);
        await repository.ReplaceWeeksAsync(BotTestHost.TenantId, Initiative, [Nov9, Nov16],
            [Row(1, Nov9, 2) with { Uses = 17, Source = "chat:aad-promoter", ReceivedAt = at }, Row(1, Nov16, 1), Row(1, Nov16, 4)], default);

        var own = await repository.ListPersonAsync(BotTestHost.TenantId, Initiative, "aad-001", default);

        Assert.Equal([(Nov9, 2, (int?)17, "chat:aad-promoter", at), (Nov16, 4, null, "api:test", default)],
            own.Select(u => (u.WeekStart, u.ActiveDays, u.Uses, u.Source, u.ReceivedAt)));
        Assert.Equal(Nov16.AddDays(3), own[1].LastActive);
        await Assert.ThrowsAsync<ArgumentException>(() => repository.ReplaceWeeksAsync(BotTestHost.TenantId, Initiative, [Nov9],
            [Row(1, Nov9, 2) with { LastActive = Nov16 }], default));
    }
}
