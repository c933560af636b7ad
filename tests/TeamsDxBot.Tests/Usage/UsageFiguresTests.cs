using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;
using TeamsDxBot.Usage;

namespace TeamsDxBot.Tests.Usage;

/// <summary>
/// Six people over six weeks (Mondays 2026-10-05 … 2026-11-09), imported as active days; the clock is
/// 2026-11-24. As of the last week: a is habitual (every week), b newly active (first week of use), c lapsed
/// (active in the first two weeks only), d occasional (weeks 2 and 5 of 6), e never started, f habitual
/// without using it this week (3 of the last 4). a, b, e are in Sales; c, d, f in the Plant.
/// </summary>
public sealed class UsageFiguresTests : IAsyncLifetime
{
    private const string Tool = "exp000000001";
    private static readonly DateOnly W0 = new(2026, 10, 5);
    private static readonly DateOnly W5 = W0.AddDays(35);

    private BotTestHost host = null!;
    private string sales = "";
    private string plant = "";
    private Initiative initiative = null!;

    private static DateOnly Week(int i) => W0.AddDays(7 * i);

    private static string Id(char who) => $"aad-usage-{who}";

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync();
        var departments = host.Get<DepartmentRepository>();
        sales = (await departments.CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default)).Department!.Id;
        plant = (await departments.CreateAsync(BotTestHost.TenantId, "製造部", host.Clock.GetUtcNow(), default)).Department!.Id;
        foreach (var (who, department) in new[] { ('a', sales), ('b', sales), ('e', sales), ('c', plant), ('d', plant), ('f', plant) })
        {
            await host.Get<PersonRepository>().TryAddAsync(new Person
            {
                TenantId = BotTestHost.TenantId, AadObjectId = Id(who), Name = $"社員 {who}", Email = $"{who}@contoso.example", DepartmentId = department,
            }, default);
        }
        // Go-live after the first imported week: the weeks start with the earlier of the two.
        initiative = new Initiative
        {
            TenantId = BotTestHost.TenantId, Id = Tool, Name = "経費精算システム", GoLive = Week(1), TargetDate = new(2027, 1, 1), CreatedAt = host.Clock.GetUtcNow(),
        };
        await host.Get<InitiativeRepository>().AddAsync(initiative, default);

        var active = new Dictionary<char, int[]>
        {
            ['a'] = [0, 1, 2, 3, 4, 5],
            ['b'] = [5],
            ['c'] = [0, 1],
            ['d'] = [1, 4],
            ['f'] = [2, 3, 4],
        };
        // Two days in each active week (Tuesday and Thursday).
        var csv = "email,date\n" + string.Join("\n", active.SelectMany(p => p.Value.SelectMany(w => new[]
        {
            $"{p.Key}@contoso.example,{Week(w).AddDays(1):yyyy-MM-dd}",
            $"{p.Key}@contoso.example,{Week(w).AddDays(3):yyyy-MM-dd}",
        })));
        var result = await host.Get<UsageImportService>().ImportCsvAsync(BotTestHost.TenantId, Tool, "api:test", csv, default);
        Assert.True(result.Stored);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private Task<UsageOverview?> OverviewAsync() => host.Get<IUsageFigures>().OverviewAsync(initiative, default);

    private static UsageWeekFigures Figures(UsageOverview overview, string? department, DateOnly week) =>
        Assert.Single(Assert.Single(overview.Groups, g => g.DepartmentId == department).Weeks, w => w.Week == week);

    [Fact]
    public async Task The_company_and_each_department_count_every_standing_week_by_week()
    {
        var overview = (await OverviewAsync())!;

        Assert.Equal(W5, overview.AsOf);
        Assert.Equal([null, sales, plant], overview.Groups.Select(g => g.DepartmentId));
        Assert.Equal(Enumerable.Range(0, 6).Select(Week), overview.Company.Weeks.Select(w => w.Week));

        // Last week: active a, b; newly b; habitual a, f; lapsed c; never e (d is occasional: in no count but headcount).
        Assert.Equal(new UsageWeekFigures(W5, 6, Active: 2, NewlyActive: 1, Habitual: 2, Lapsed: 1, NeverStarted: 1), Figures(overview, null, W5));
        Assert.Equal(new UsageWeekFigures(W5, 3, Active: 2, NewlyActive: 1, Habitual: 1, Lapsed: 0, NeverStarted: 1), Figures(overview, sales, W5));
        Assert.Equal(new UsageWeekFigures(W5, 3, Active: 0, NewlyActive: 0, Habitual: 1, Lapsed: 1, NeverStarted: 0), Figures(overview, plant, W5));
        Assert.Equal(2.0 / 3, Figures(overview, sales, W5).ActiveRate);

        // The first week: a and c start; the other four have not.
        Assert.Equal(new UsageWeekFigures(W0, 6, Active: 2, NewlyActive: 2, Habitual: 0, Lapsed: 0, NeverStarted: 4), Figures(overview, null, W0));
        // Week 3: c and d last used in week 1, so lapsed after two weeks without; a habitual (4 of 4); f, new in week 2, occasional.
        Assert.Equal(new UsageWeekFigures(Week(3), 6, Active: 2, NewlyActive: 0, Habitual: 1, Lapsed: 2, NeverStarted: 2), Figures(overview, null, Week(3)));
    }

    [Fact]
    public async Task A_departments_people_have_their_standing_last_active_day_and_active_weeks()
    {
        var figures = host.Get<IUsageFigures>();

        var salesPeople = await figures.PeopleAsync(initiative, sales, W5.AddDays(2), default);
        Assert.Equal([Id('a'), Id('b'), Id('e')], salesPeople.Select(p => p.PersonId));
        Assert.Equal(new PersonUsage(Id('a'), sales, UsageStanding.Habitual, W5.AddDays(3), 4), salesPeople[0]);
        Assert.Equal(new PersonUsage(Id('b'), sales, UsageStanding.NewlyActive, W5.AddDays(3), 1), salesPeople[1]);
        Assert.Equal(new PersonUsage(Id('e'), sales, UsageStanding.NeverStarted, null, 0), salesPeople[2]);

        var everyone = (await figures.PeopleAsync(initiative, null, W5, default)).ToDictionary(p => p.PersonId);
        Assert.Equal(6, everyone.Count);
        Assert.Equal((UsageStanding.Lapsed, (DateOnly?)Week(1).AddDays(3)), (everyone[Id('c')].Standing, everyone[Id('c')].LastActive));
        Assert.Equal((UsageStanding.Occasional, 1), (everyone[Id('d')].Standing, everyone[Id('d')].ActiveWeeksOfLast4));
        Assert.Equal((UsageStanding.Habitual, 3), (everyone[Id('f')].Standing, everyone[Id('f')].ActiveWeeksOfLast4));

        // As of an earlier week, later weeks do not count: b had not started, a's last day was then.
        var earlier = (await figures.PeopleAsync(initiative, sales, Week(2), default)).ToDictionary(p => p.PersonId);
        Assert.Equal(UsageStanding.NeverStarted, earlier[Id('b')].Standing);
        Assert.Equal(Week(2).AddDays(3), earlier[Id('a')].LastActive);
    }

    [Fact]
    public async Task A_person_who_moves_department_counts_in_the_new_one_in_every_week_at_once()
    {
        Assert.Equal(3, Figures((await OverviewAsync())!, sales, W5).Headcount);

        await host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, Id('c'), p => p with { DepartmentId = sales }, default);

        var overview = (await OverviewAsync())!;
        Assert.Equal(new UsageWeekFigures(W5, 4, Active: 2, NewlyActive: 1, Habitual: 1, Lapsed: 1, NeverStarted: 1), Figures(overview, sales, W5));
        Assert.Equal(new UsageWeekFigures(W5, 2, Active: 0, NewlyActive: 0, Habitual: 1, Lapsed: 0, NeverStarted: 0), Figures(overview, plant, W5));
        // c's first week now counts for Sales too: history follows the person.
        Assert.Equal(2, Figures(overview, sales, W0).Active);
        Assert.Equal(0, Figures(overview, plant, W0).Active);
        Assert.Equal(6, Figures(overview, null, W5).Headcount);
    }

    [Fact]
    public async Task A_later_import_of_a_week_replaces_it_in_the_figures()
    {
        // The week is sent again with only f in it: a and b were not active after all, f was.
        var result = await host.Get<UsageImportService>().ImportCsvAsync(BotTestHost.TenantId, Tool, "api:test",
            $"email,date\nf@contoso.example,{W5.AddDays(4):yyyy-MM-dd}", default);
        Assert.Equal(new UsageWrite(1, 2), result.Write);

        var overview = (await OverviewAsync())!;
        // b never started any more; a (3 of 4) and f (4 of 4) are habitual.
        Assert.Equal(new UsageWeekFigures(W5, 6, Active: 1, NewlyActive: 0, Habitual: 2, Lapsed: 1, NeverStarted: 2), Figures(overview, null, W5));
        var b = Assert.Single(await host.Get<IUsageFigures>().PeopleAsync(initiative, sales, W5, default), p => p.PersonId == Id('b'));
        Assert.Equal(UsageStanding.NeverStarted, b.Standing);
        // Earlier weeks are untouched.
        Assert.Equal(2, Figures(overview, null, W0).Active);
    }

    [Fact]
    public async Task Someone_who_joins_the_directory_counts_at_once_and_nothing_imported_means_no_figures()
    {
        Assert.Equal(6, Figures((await OverviewAsync())!, null, W5).Headcount);

        await host.Get<PersonRepository>().TryAddAsync(new Person
        {
            TenantId = BotTestHost.TenantId, AadObjectId = Id('g'), Name = "社員 g", Email = "g@contoso.example", DepartmentId = plant,
        }, default);

        var overview = (await OverviewAsync())!;
        Assert.Equal((7, 2), (Figures(overview, null, W5).Headcount, Figures(overview, null, W5).NeverStarted));
        Assert.Equal(4, Figures(overview, plant, W5).Headcount);

        var other = initiative with { Id = "chat00000001" };
        Assert.Null(await host.Get<IUsageFigures>().OverviewAsync(other, default));
        Assert.Empty(await host.Get<IUsageFigures>().PeopleAsync(other, null, W5, default));
    }

    [Fact]
    public async Task A_person_deleted_on_request_leaves_the_headcount_and_every_weeks_figures()
    {
        Assert.Equal(6, Figures((await OverviewAsync())!, null, W5).Headcount);

        await host.Get<TeamsDxBot.Privacy.PersonData>().DeleteAsync(BotTestHost.TenantId, Id('a'), default);

        var overview = (await OverviewAsync())!;
        Assert.Equal(new UsageWeekFigures(W5, 5, Active: 1, NewlyActive: 1, Habitual: 1, Lapsed: 1, NeverStarted: 1), Figures(overview, null, W5));
        Assert.Equal((2, 1), (Figures(overview, sales, W5).Headcount, Figures(overview, null, W0).Active));
        Assert.Empty(await host.Get<UsageWeekRepository>().ListPersonAsync(BotTestHost.TenantId, Tool, Id('a'), default));
    }
}
