using System.Text.Json.Nodes;
using TeamsDxBot.Directory;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Directory;

/// <summary>The roster import accepts every role label its card lists, shows only invented example people, and stores employee ids.</summary>
public sealed class RosterRolesAndEmployeeIdTests : IAsyncLifetime
{
    private static readonly string[] DemoAddresses = ["sato@", "suzuki@", "ito@", "tanaka@", "takahashi@", "emily@"];

    private BotTestHost host = null!;
    private string sales = "";

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync();
        var departments = host.Get<DepartmentRepository>();
        sales = (await departments.CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default)).Department!.Id;
        await departments.CreateAsync(BotTestHost.TenantId, "製造部", host.Clock.GetUtcNow(), default);
        foreach (var user in new[] { BotTestHost.Promoter, BotTestHost.Staff, BotTestHost.EnglishStaff })
        {
            await host.SayAsync(user, "help");
        }
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private Task<Person?> PersonAsync(TestUser user) => host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, user.AadObjectId, default);

    private async Task<string> ImportAsync(string csv)
    {
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.ImportRosterVerb, csv });
        return host.SentTo(BotTestHost.Promoter).Last().AllText;
    }

    /// <summary>The monospace example lines of the import card, as the promoter reads them.</summary>
    private async Task<List<string>> ExampleLinesAsync(string command)
    {
        await host.SayAsync(BotTestHost.Promoter, command);
        return host.SentTo(BotTestHost.Promoter).Last().Card!["body"]!.AsArray().OfType<JsonObject>()
            .Where(b => b["fontType"]?.GetValue<string>() == "Monospace").Select(b => b["text"]!.GetValue<string>()).ToList();
    }

    [Theory]
    [InlineData("一般社員", "Staff")]
    [InlineData("キーユーザー", "KeyUser")]
    [InlineData("キーユーザー（社内DX推進員）", "KeyUser")]
    [InlineData("経営者", "Executive")]
    [InlineData("DX推進担当", "Promoter")]
    [InlineData("推進担当", "Promoter")]
    [InlineData("Staff", "Staff")]
    [InlineData("Key user", "KeyUser")]
    [InlineData("KeyUser", "KeyUser")]
    [InlineData("Executive", "Executive")]
    [InlineData("DX promoter", "Promoter")]
    [InlineData("Promoter", "Promoter")]
    public async Task Every_role_label_the_card_lists_is_accepted(string label, string role)
    {
        var report = await ImportAsync($"email,department,role\nstaff@contoso.example,営業部,{label}");

        Assert.Contains("名簿を取り込みました", report);
        var staff = (await PersonAsync(BotTestHost.Staff))!;
        Assert.Contains(Enum.Parse<Role>(role), Access.StoredRoles(staff));
        Assert.Equal(sales, staff.DepartmentId);
    }

    [Fact]
    public async Task The_card_lists_only_labels_the_import_accepts()
    {
        var lines = await ExampleLinesAsync("インポート");
        var card = host.SentTo(BotTestHost.Promoter).Last().AllText;
        foreach (var label in new[] { "一般社員", "キーユーザー", "経営者", "DX推進担当" })
        {
            Assert.Contains(label, card);
            Assert.Equal(label == "一般社員" ? Role.Staff : label == "キーユーザー" ? Role.KeyUser : label == "経営者" ? Role.Executive : Role.Promoter,
                RosterImport.ParseRole(label));
        }
        Assert.Contains("employee_id", lines[0]);
    }

    [Theory]
    [InlineData("インポート")]
    [InlineData("import")]
    public async Task The_example_rows_are_invented_people_and_pasting_them_changes_nobody(string command)
    {
        if (command == "import")
        {
            await host.SayAsync(BotTestHost.Promoter, "言語 英語");
        }
        var lines = await ExampleLinesAsync(command);
        Assert.Equal(3, lines.Count);
        Assert.DoesNotContain(lines, l => DemoAddresses.Any(a => l.Contains(a, StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(lines, l => l.Contains("contoso.example", StringComparison.Ordinal) && (l.StartsWith("staff@", StringComparison.Ordinal) || l.StartsWith("promoter@", StringComparison.Ordinal)));

        var before = await host.Get<PersonRepository>().ListAsync(BotTestHost.TenantId, default);
        var report = await ImportAsync(string.Join("\n", lines));
        Assert.Contains(command == "import" ? "is not known to the bot yet" : "まだボットに登録されていません", report);
        var after = await host.Get<PersonRepository>().ListAsync(BotTestHost.TenantId, default);
        Assert.Equal(before.Select(p => (p.AadObjectId, p.DepartmentId, p.IsPromoter, p.KeyUserOf.Count)), after.Select(p => (p.AadObjectId, p.DepartmentId, p.IsPromoter, p.KeyUserOf.Count)));
    }

    [Fact]
    public async Task An_employee_id_is_stored_on_the_person_and_a_roster_without_it_keeps_it()
    {
        var report = await ImportAsync("email,department,role,employee_id\nstaff@contoso.example,営業部,一般社員,E-1001\nalex@contoso.example,製造部,,Ｅ1002");

        Assert.Contains("2行目：社員 花子 → 営業部、一般社員（社員番号 E-1001）", report);
        Assert.Equal("E-1001", (await PersonAsync(BotTestHost.Staff))!.EmployeeId);
        // Full-width characters count as their ASCII forms.
        Assert.Equal("E1002", (await PersonAsync(BotTestHost.EnglishStaff))!.EmployeeId);

        await ImportAsync("staff@contoso.example,製造部,一般社員");
        Assert.Equal("E-1001", (await PersonAsync(BotTestHost.Staff))!.EmployeeId);
    }

    [Fact]
    public async Task Employee_ids_must_be_well_formed_unique_in_the_import_and_nobody_elses()
    {
        await ImportAsync("alex@contoso.example,製造部,,E2000");

        var report = await ImportAsync(
            "staff@contoso.example,営業部,,E 1\npromoter@contoso.example,営業部,DX推進担当,E7\nstaff@contoso.example,営業部\nalex@contoso.example,製造部,,E7\n" +
            "email,department,role,employee_id,extra");
        Assert.Contains("1行目：社員番号「E 1」は使えません", report);
        Assert.Contains("4行目：社員番号 E7 は2行目にもあります", report);
        Assert.Contains("5行目：列の数が5です", report);
        Assert.Contains("何も登録していません", report);
        Assert.Null((await PersonAsync(BotTestHost.Staff))!.EmployeeId);

        var taken = await ImportAsync("staff@contoso.example,営業部,,E2000");
        Assert.Contains("1行目：社員番号 E2000 はすでに Alex Smith さんの番号です", taken);
        Assert.Null((await PersonAsync(BotTestHost.Staff))!.EmployeeId);

        // Moving a number from one person to another in one import is fine: the first gets a new one.
        var moved = await ImportAsync("staff@contoso.example,営業部,,E2000\nalex@contoso.example,製造部,,E2001");
        Assert.Contains("名簿を取り込みました", moved);
        Assert.Equal("E2000", (await PersonAsync(BotTestHost.Staff))!.EmployeeId);
        Assert.Equal("E2001", (await PersonAsync(BotTestHost.EnglishStaff))!.EmployeeId);
    }
}
