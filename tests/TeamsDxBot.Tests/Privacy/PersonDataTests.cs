using System.Text.Json.Nodes;
using TeamsDxBot.Audit;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Directory;
using TeamsDxBot.Nudges;
using TeamsDxBot.Privacy;
using TeamsDxBot.Pulse;
using TeamsDxBot.Questions;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Tests.Pulse;
using TeamsDxBot.Usage;
using static TeamsDxBot.Tests.Privacy.PrivacyTestKit;

namespace TeamsDxBot.Tests.Privacy;

public sealed class PersonDataTests : IAsyncLifetime
{
    private PulseTestKit kit = null!;
    private BotTestHost Host => kit.Host;
    private static readonly TestUser Staff = BotTestHost.Staff;
    private PulseRun named = null!;
    private PulseRun anonymous = null!;

    public async Task InitializeAsync()
    {
        kit = await PulseTestKit.StartAsync();
        await kit.SetUpCompanyAsync([]);
        await kit.SetAsync(Staff, p => p with { EmployeeId = "E-0042" });
        var now = Host.Clock.GetUtcNow();
        var week = UsageWeek.MondayOf(DateOnly.FromDateTime(now.UtcDateTime));
        await Host.Get<UsageWeekRepository>().ReplaceWeeksAsync(BotTestHost.TenantId, kit.Tool.Id, [week],
            [new UsageWeek { TenantId = BotTestHost.TenantId, InitiativeId = kit.Tool.Id, PersonId = Staff.AadObjectId, WeekStart = week, ActiveDays = 3, LastActive = week.AddDays(2), Source = "test" }], default);
        var answers = Enumerable.Range(1, 5).Select(i => new Answer($"other-{i}", $"社員{i}", kit.Sales, AnswerRetentionTests.RunAnswers(i, $"他の人の声{i}")))
            .Append(new Answer(Staff.AadObjectId, Staff.Name, kit.Sales, AnswerRetentionTests.RunAnswers(7, "花子の記名コメント")))
            .ToList();
        named = await SeedRunAsync(Host, kit.Tool, "tool_named", now - TimeSpan.FromDays(3), anonymous: false, answers);
        anonymous = await SeedRunAsync(Host, kit.Tool, "tool_anon", now - TimeSpan.FromDays(10), anonymous: true,
            answers.Select(a => a.AadObjectId == Staff.AadObjectId ? a with { Answers = AnswerRetentionTests.RunAnswers(7, "花子の匿名コメント") } : a).ToList());

        await Host.Get<QuestionRepository>().AddAsync(new Question
        {
            TenantId = BotTestHost.TenantId, Id = "q1", AskerId = Staff.AadObjectId, AskerName = Staff.Name, DepartmentId = kit.Sales,
            Text = "経費の締め日はいつですか", CreatedAt = now, DueAt = now.AddDays(1), AssigneeIds = [BotTestHost.Promoter.AadObjectId],
        }, default);
        await Host.Get<BroadcastAckRepository>().TryAddAsync(new BroadcastAck(BotTestHost.TenantId, "b1", Staff.AadObjectId, kit.Sales, 0, now), default);
        await Host.Get<BroadcastAckRepository>().TryAddAsync(new BroadcastAck(BotTestHost.TenantId, "b1", "other-1", kit.Sales, 0, now), default);
        await Host.Get<NudgeLog>().TryClaimAsync(BotTestHost.TenantId, new NudgeLogEntry("inactive", Staff.AadObjectId, Staff.Name, "2026-11", now), default);
        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = DirectoryCards.GrantRoleVerb, person = Staff.Email, role = "KeyUser", departmentId = kit.Sales });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private JsonObject LastCard(TestUser user) => Host.SentTo(user).Last().Card!;

    private static Dictionary<string, string> ActionData(JsonObject card, string verb) =>
        card["actions"]!.AsArray().Select(a => a!["data"]?.AsObject()).First(d => d?["verb"]?.GetValue<string>() == verb)!
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

    [Fact]
    public async Task Promoter_exports_everything_stored_about_a_person_through_a_signed_link()
    {
        await Host.SayAsync(BotTestHost.Promoter, "個人データ staff@contoso.example");
        var card = LastCard(BotTestHost.Promoter);
        Assert.Contains("社員 花子 さんの個人データ", Host.SentTo(BotTestHost.Promoter).Last().AllText);

        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        await Host.SubmitAsync(BotTestHost.Promoter, ActionData(card, PersonCards.ExportVerb));
        var link = LastCard(BotTestHost.Promoter)["actions"]![0]!["url"]!.GetValue<string>();
        using var client = Host.CreateClient();
        var json = JsonNode.Parse(await client.GetStringAsync(new Uri(link).PathAndQuery))!.AsObject();

        Assert.Equal(Staff.Email, json["directory"]!["Email"]!.GetValue<string>());
        Assert.Equal("E-0042", json["directory"]!["EmployeeId"]!.GetValue<string>());
        Assert.Equal(3, Assert.Single(json["usageWeeks"]!.AsArray())!["ActiveDays"]!.GetValue<int>());
        Assert.Contains("KeyUser", json["directory"]!["Roles"]!.ToJsonString());
        Assert.Equal("経費の締め日はいつですか", json["questionsAsked"]![0]!["Text"]!.GetValue<string>());
        var answer = Assert.Single(json["pulseAnswers"]!.AsArray());
        Assert.Equal(named.Id, answer!["RunId"]!.GetValue<string>());
        Assert.Equal("花子の記名コメント", answer["Answers"]![PulseRoles.Comment]!.GetValue<string>());
        Assert.DoesNotContain("花子の匿名コメント", System.Text.RegularExpressions.Regex.Unescape(json.ToJsonString()));
        Assert.DoesNotContain(anonymous.Id, json.ToJsonString());
        Assert.Contains("cannot be traced", json["anonymousPulseAnswers"]!.GetValue<string>());
        Assert.Single(json["broadcastAcknowledgements"]!.AsArray());
        Assert.Equal("inactive", json["nudges"]![0]!["Rule"]!.GetValue<string>());
        Assert.Contains(nameof(AuditAction.RoleGranted), json["auditEntries"]!.ToJsonString());

        var entry = (await Host.Get<IAuditLog>().ReadAsync(BotTestHost.TenantId, null, 1, default)).Entries[0];
        Assert.Equal((nameof(AuditAction.PersonExported), Staff.AadObjectId), (entry.Action, entry.SubjectId));
    }

    [Fact]
    public async Task Promoter_deletes_a_person_after_confirming_and_the_figures_stay()
    {
        var responses = Host.Get<PulseResponseRepository>();
        var namedBefore = (await responses.ReadTallyAsync(BotTestHost.TenantId, named.Id, default)).Departments[kit.Sales];
        var anonymousBefore = await kit.ResponsesAsync(anonymous.Id);

        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        await Host.SayAsync(BotTestHost.Promoter, "person staff@contoso.example");
        await Host.SubmitAsync(BotTestHost.Promoter, ActionData(LastCard(BotTestHost.Promoter), PersonCards.DeleteVerb));
        Assert.Contains("元に戻せません", Host.SentTo(BotTestHost.Promoter).Last().AllText);
        Assert.NotNull(await Host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, Staff.AadObjectId, default));

        await Host.SubmitAsync(BotTestHost.Promoter, ActionData(LastCard(BotTestHost.Promoter), PersonCards.DeleteVerb));

        Assert.Null(await Host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, Staff.AadObjectId, default));
        await AssertDeletedAsync(namedBefore, anonymousBefore.Count);
        var log = (await Host.Get<IAuditLog>().ReadAsync(BotTestHost.TenantId, null, 10, default)).Entries;
        Assert.Equal(nameof(AuditAction.PersonDeleted), log[0].Action);
        Assert.DoesNotContain(log, e => e.SubjectId == Staff.AadObjectId || e.Target.Contains(Staff.Name, StringComparison.Ordinal));

        // Pressing it again (a retry) finds nothing left and changes nothing.
        await Host.SubmitAsync(BotTestHost.Promoter, new Dictionary<string, string> { ["verb"] = PersonCards.DeleteVerb, ["person"] = Staff.AadObjectId, ["confirmed"] = "true" });
        Assert.Contains("一致する", Host.SentTo(BotTestHost.Promoter).Last().AllText);
        await AssertDeletedAsync(namedBefore, anonymousBefore.Count);
    }

    [Fact]
    public async Task A_deletion_cut_short_is_finished_by_the_background_job()
    {
        var namedBefore = (await Host.Get<PulseResponseRepository>().ReadTallyAsync(BotTestHost.TenantId, named.Id, default)).Departments[kit.Sales];
        var anonymousCount = (await kit.ResponsesAsync(anonymous.Id)).Count;
        // As a crash right after the deletion started would leave it: the mark, and every row still there.
        var marks = Host.Get<TeamsDxBot.Storage.Tables>().Get(TeamsDxBot.Storage.JobMarks.TableName);
        await marks.UpsertEntityAsync(new Azure.Data.Tables.TableEntity(BotTestHost.TenantId, "person-deletion|" + Staff.AadObjectId) { ["State"] = "InProgress" });
        Assert.True(await Host.Get<PersonData>().IsDeletingAsync(BotTestHost.TenantId, Staff.AadObjectId, default));

        Assert.Equal(1, await Host.Get<PersonData>().ResumeAsync(default));

        Assert.Null(await Host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, Staff.AadObjectId, default));
        await AssertDeletedAsync(namedBefore, anonymousCount);
        Assert.False(await Host.Get<PersonData>().IsDeletingAsync(BotTestHost.TenantId, Staff.AadObjectId, default));
        Assert.Equal(0, await Host.Get<PersonData>().ResumeAsync(default));
    }

    private async Task AssertDeletedAsync(Tally namedBefore, int anonymousCount)
    {
        var responses = Host.Get<PulseResponseRepository>();
        Assert.DoesNotContain(await kit.ResponsesAsync(named.Id), r => r.AadObjectId == Staff.AadObjectId);
        Assert.Equal(5, (await kit.ResponsesAsync(named.Id)).Count);
        var namedAfter = (await responses.ReadTallyAsync(BotTestHost.TenantId, named.Id, default)).Departments[kit.Sales];
        Assert.Equal(namedBefore.Respondents, namedAfter.Respondents);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(namedBefore.Choices), System.Text.Json.JsonSerializer.Serialize(namedAfter.Choices));
        Assert.DoesNotContain(namedAfter.Comments, c => c.Text == "花子の記名コメント");
        Assert.Equal(anonymousCount, (await kit.ResponsesAsync(anonymous.Id)).Count);

        var question = (await Host.Get<QuestionRepository>().GetAsync(BotTestHost.TenantId, "q1", default))!;
        Assert.Equal((PersonData.Placeholder, PersonData.Placeholder), (question.AskerId, question.AskerName));
        var acks = await Host.Get<BroadcastAckRepository>().ListAsync(BotTestHost.TenantId, "b1", default);
        Assert.Equal(2, acks.Count);
        Assert.DoesNotContain(acks, a => a.AadObjectId == Staff.AadObjectId);
        Assert.False(await Host.Get<NudgeLog>().IsLoggedAsync(BotTestHost.TenantId, "inactive", Staff.AadObjectId, "2026-11", default));
        Assert.Empty(await Host.Get<IAuditLog>().AboutAsync(BotTestHost.TenantId, Staff.AadObjectId, default));
        Assert.Empty(await Host.Get<UsageWeekRepository>().ListPersonEverywhereAsync(BotTestHost.TenantId, Staff.AadObjectId, default));
    }

    [Fact]
    public async Task Staff_cannot_open_export_or_delete_anyones_data()
    {
        await Host.SayAsync(Staff, "個人データ promoter@contoso.example");
        Assert.Contains("権限がありません", Host.SentTo(Staff).Last().AllText);
        await Host.SubmitAsync(Staff, new Dictionary<string, string> { ["verb"] = PersonCards.DeleteVerb, ["person"] = BotTestHost.Promoter.AadObjectId, ["confirmed"] = "true" });
        Assert.Contains("権限がありません", Host.SentTo(Staff).Last().AllText);
        Assert.NotNull(await Host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, BotTestHost.Promoter.AadObjectId, default));
    }
}
