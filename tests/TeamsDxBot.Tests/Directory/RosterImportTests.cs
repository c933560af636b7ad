using TeamsDxBot.Directory;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Directory;

public sealed class RosterImportTests : IAsyncLifetime
{
    private BotTestHost host = null!;
    private string sales = "";
    private string plant = "";

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync();
        var departments = host.Get<DepartmentRepository>();
        sales = (await departments.CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default)).Department!.Id;
        plant = (await departments.CreateAsync(BotTestHost.TenantId, "製造部", host.Clock.GetUtcNow(), default)).Department!.Id;
        // Everyone has talked to the bot once, so the directory knows their email.
        foreach (var user in new[] { BotTestHost.Promoter, BotTestHost.Staff, BotTestHost.EnglishStaff })
        {
            await host.SayAsync(user, "help");
        }
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private Task<Person?> PersonAsync(TestUser user) =>
        host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, user.AadObjectId, default);

    [Fact]
    public async Task One_bad_row_reports_its_line_and_applies_nothing()
    {
        const string csv = "email,department,role\nstaff@contoso.example,営業部,KeyUser\nnobody@contoso.example,営業部,Staff\nalex@contoso.example,製造部,Executive";

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.ImportRosterVerb, csv });

        var report = host.SentTo(BotTestHost.Promoter).Last().AllText;
        Assert.Contains("名簿に1件の問題があります", report);
        Assert.Contains("3行目：nobody@contoso.example はまだボットに登録されていません", report);
        Assert.Contains("何も登録していません", report);
        var staff = await PersonAsync(BotTestHost.Staff);
        Assert.Null(staff!.DepartmentId);
        Assert.Empty(staff.KeyUserOf);
        Assert.False((await PersonAsync(BotTestHost.EnglishStaff))!.IsExecutive);
    }

    [Fact]
    public async Task Every_kind_of_bad_row_is_reported_with_its_reason()
    {
        const string csv = "staff@contoso.example,営業部,KeyUser\nnot-an-email,営業部,\nstaff@contoso.example,製造部,Staff\nalex@contoso.example,経理部,Staff\nalex@contoso.example,製造部,社長\nonly-one-column";
        var result = await host.Get<RosterImport>().ImportAsync(await PromoterContextAsync(), csv, default);

        Assert.False(result.Applied);
        var lines = result.Problems.Select(p => (p.Line, p.Key)).ToList();
        Assert.Contains((2, nameof(Resources.Strings.Roster_EmailInvalid)), lines);
        Assert.Contains((3, nameof(Resources.Strings.Roster_DuplicateEmail)), lines);
        Assert.Contains((4, nameof(Resources.Strings.Roster_UnknownDepartment)), lines);
        Assert.Contains((5, nameof(Resources.Strings.Roster_UnknownRole)), lines);
        Assert.Contains((6, nameof(Resources.Strings.Roster_WrongColumns)), lines);
        Assert.DoesNotContain(lines, l => l.Line == 1);
    }

    [Fact]
    public async Task A_good_roster_is_applied_and_reported()
    {
        const string csv = "メール,部署,役割\r\nstaff@contoso.example,営業部,キーユーザー\r\nALEX@contoso.example, 製造部 ,Executive\r\n";

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.ImportRosterVerb, csv });

        var staff = await PersonAsync(BotTestHost.Staff);
        Assert.Equal(sales, staff!.DepartmentId);
        Assert.Contains(sales, staff.KeyUserOf);
        var alex = await PersonAsync(BotTestHost.EnglishStaff);
        Assert.Equal(plant, alex!.DepartmentId);
        Assert.True(alex.IsExecutive);
        var report = host.SentTo(BotTestHost.Promoter).Last().AllText;
        Assert.Contains("名簿を取り込みました：2人を更新、0人は変更なし", report);
        Assert.Contains("2行目：社員 花子 → 営業部", report);

        // The same roster again changes nothing.
        var again = await host.Get<RosterImport>().ImportAsync(await PromoterContextAsync(), csv, default);
        Assert.True(again.Applied);
        Assert.Empty(again.Changes);
        Assert.Equal(2, again.Unchanged);
    }

    [Fact]
    public async Task Empty_roster_is_refused_with_a_message()
    {
        var result = await host.Get<RosterImport>().ImportAsync(await PromoterContextAsync(), "  \n ", default);
        Assert.Equal(nameof(Resources.Strings.Roster_Empty), Assert.Single(result.Problems).Key);
    }

    private async Task<UserContext> PromoterContextAsync()
    {
        var person = (await PersonAsync(BotTestHost.Promoter))!;
        return new UserContext(person, host.Get<Access>().RolesOf(person), TeamsDxBot.Localization.Texts.Japanese, false);
    }
}
