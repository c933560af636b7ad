using TeamsDxBot.Directory;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Directory;

public sealed class DepartmentsAndRolesTests : IAsyncLifetime
{
    private BotTestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync();
        await host.SayAsync(BotTestHost.Promoter, "help");
        await host.SayAsync(BotTestHost.Staff, "help");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private Task<IReadOnlyList<Department>> DepartmentsAsync() => host.Get<DepartmentRepository>().ListAsync(BotTestHost.TenantId, default);

    private Task<Person?> PersonAsync(TestUser user) => host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, user.AadObjectId, default);

    [Fact]
    public async Task Promoter_adds_renames_and_archives_a_department()
    {
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.AddDepartmentVerb, name = "営業部" });
        var sales = Assert.Single(await DepartmentsAsync());
        Assert.Equal("営業部", sales.Name);
        Assert.Equal("部署「営業部」を追加しました。", host.SentTo(BotTestHost.Promoter).Last().AllText);

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.RenameDepartmentVerb, departmentId = sales.Id, newName = "営業本部" });
        Assert.Equal("営業本部", Assert.Single(await DepartmentsAsync()).Name);
        Assert.Equal("部署名を「営業本部」に変更しました。", host.SentTo(BotTestHost.Promoter).Last().AllText);

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.ArchiveDepartmentVerb, departmentId = sales.Id });
        Assert.True(Assert.Single(await DepartmentsAsync()).Archived);
        Assert.Equal("部署「営業本部」をアーカイブしました。", host.SentTo(BotTestHost.Promoter).Last().AllText);

        // An archived department cannot be chosen.
        await host.SubmitAsync(BotTestHost.Staff, new { verb = DirectoryCards.SaveProfileVerb, departmentId = sales.Id });
        Assert.Null((await PersonAsync(BotTestHost.Staff))!.DepartmentId);
        Assert.Contains("アーカイブされています", host.SentTo(BotTestHost.Staff).Last().AllText);
    }

    [Fact]
    public async Task Department_names_are_unique_ignoring_case_and_width()
    {
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.AddDepartmentVerb, name = "IT" });
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.AddDepartmentVerb, name = "ｉｔ " });
        Assert.Single(await DepartmentsAsync());
        Assert.Contains("同じ名前の部署がすでにあります", host.SentTo(BotTestHost.Promoter).Last().AllText);

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.AddDepartmentVerb, name = "" });
        Assert.Contains("部署名を入力してください", host.SentTo(BotTestHost.Promoter).Last().AllText);
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.AddDepartmentVerb, name = new string('長', 51) });
        Assert.Contains("50文字以内", host.SentTo(BotTestHost.Promoter).Last().AllText);
        Assert.Single(await DepartmentsAsync());
    }

    [Fact]
    public async Task Renaming_frees_the_old_name()
    {
        var repo = host.Get<DepartmentRepository>();
        var (_, a) = await repo.CreateAsync(BotTestHost.TenantId, "総務", host.Clock.GetUtcNow(), default);
        Assert.Equal(DepartmentChange.Done, await repo.RenameAsync(a!, "総務部", default));
        var (result, _) = await repo.CreateAsync(BotTestHost.TenantId, "総務", host.Clock.GetUtcNow(), default);
        Assert.Equal(DepartmentChange.Done, result);
        var stale = a!; // still carries the ETag from before the rename
        Assert.Equal(DepartmentChange.Conflict, await repo.RenameAsync(stale, "総務二部", default));
    }

    [Fact]
    public async Task Promoter_makes_a_key_user_and_removes_the_role_again()
    {
        var (_, sales) = await host.Get<DepartmentRepository>().CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default);

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.GrantRoleVerb, person = "staff@contoso.example", role = "KeyUser", departmentId = sales!.Id });
        Assert.Contains(sales.Id, (await PersonAsync(BotTestHost.Staff))!.KeyUserOf);
        Assert.Contains("キーユーザー（営業部）", host.SentTo(BotTestHost.Promoter).Last().AllText);

        // The key user now sees the key-user introduction in help.
        await host.SayAsync(BotTestHost.Staff, "help");
        Assert.Contains("キーユーザーとして", host.SentTo(BotTestHost.Staff).Last().AllText);

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.RevokeRoleVerb, person = BotTestHost.Staff.AadObjectId, role = "KeyUser" });
        Assert.Empty((await PersonAsync(BotTestHost.Staff))!.KeyUserOf);
    }

    [Fact]
    public async Task Key_user_needs_a_department_and_unknown_people_are_reported()
    {
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.GrantRoleVerb, person = BotTestHost.Staff.AadObjectId, role = "KeyUser" });
        Assert.Contains("部署を選んでください", host.SentTo(BotTestHost.Promoter).Last().AllText);

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.GrantRoleVerb, person = "ghost@contoso.example", role = "Executive" });
        Assert.Contains("「ghost@contoso.example」に一致する人が見つかりません", host.SentTo(BotTestHost.Promoter).Last().AllText);
    }

    [Fact]
    public async Task The_configured_admin_cannot_be_demoted_from_chat_and_the_last_promoter_stays()
    {
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.RevokeRoleVerb, person = BotTestHost.Promoter.AadObjectId, role = "Promoter" });
        Assert.Contains("設定ファイル", host.SentTo(BotTestHost.Promoter).Last().AllText);

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.GrantRoleVerb, person = BotTestHost.Staff.AadObjectId, role = "Promoter" });
        Assert.True((await PersonAsync(BotTestHost.Staff))!.IsPromoter);
        await host.SubmitAsync(BotTestHost.Staff, new { verb = DirectoryCards.RevokeRoleVerb, person = BotTestHost.Staff.AadObjectId, role = "Promoter" });
        Assert.False((await PersonAsync(BotTestHost.Staff))!.IsPromoter);
    }

    [Fact]
    public async Task Promoter_corrects_someones_department_but_staff_cannot()
    {
        var (_, sales) = await host.Get<DepartmentRepository>().CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default);
        var directory = host.Get<DirectoryService>();
        var staff = (await PersonAsync(BotTestHost.Staff))!;
        var staffContext = new UserContext(staff, host.Get<Access>().RolesOf(staff), TeamsDxBot.Localization.Texts.Japanese, false);
        Assert.Equal(DirectoryResult.NotAllowed, await directory.SetDepartmentAsync(staffContext, BotTestHost.Promoter.AadObjectId, sales!.Id, default));

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.SetPersonDepartmentVerb, person = "staff@contoso.example", departmentId = sales.Id });
        Assert.Equal(sales.Id, (await PersonAsync(BotTestHost.Staff))!.DepartmentId);
    }
}
