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
    public async Task A_large_week_is_written_in_several_transactions_and_replaced_as_a_whole()
    {
        var repository = host.Get<UsageWeekRepository>();
        // 130 person-weeks are 260 rows: three transactions of at most 100.
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
}
