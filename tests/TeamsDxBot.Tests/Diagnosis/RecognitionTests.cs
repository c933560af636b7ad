using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Delivery;
using TeamsDxBot.Diagnosis;
using TeamsDxBot.Reports;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Diagnosis;

/// <summary>The monthly card proposes thank-yous to key users; one executive press sends exactly one broadcast.</summary>
public sealed class RecognitionTests : IAsyncLifetime
{
    private DiagnosisTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public async Task InitializeAsync()
    {
        kit = await DiagnosisTestKit.StartAsync();
        // 営業部 went from 2 of 5 using it to 5 of 5; 製造部 stayed at 3 of 5.
        await kit.AddRunAsync(new DateOnly(2026, 11, 3), DiagnosisTestKit.Answers(5, 2), DiagnosisTestKit.Answers(5, 3));
        await kit.AddRunAsync(new DateOnly(2026, 11, 17), DiagnosisTestKit.Answers(5, 5), DiagnosisTestKit.Answers(5, 3));
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>The part of the card after the thanks heading (the question figures above it name key users too).</summary>
    private static string ThanksPart(string text) => text.Contains("感謝を伝える", StringComparison.Ordinal) ? text[text.IndexOf("感謝を伝える", StringComparison.Ordinal)..] : "";

    /// <summary>What Teams posts when the executive presses the card's thanks button: its data and the card's inputs.</summary>
    private static Dictionary<string, string> Press(JObject card, string keyUserId, bool toDepartment)
    {
        var action = card.Descendants().OfType<JObject>()
            .Single(a => (string?)a["verb"] == DiagnosisCards.ThanksVerb && (string?)a["data"]?["keyUserId"] == keyUserId);
        var data = ((JObject)action["data"]!).Properties().ToDictionary(p => p.Name, p => (string)p.Value!);
        data[data["departmentInput"]] = toDepartment ? "true" : "false";
        return data;
    }

    private Task<IReadOnlyList<Broadcast>> BroadcastsAsync() => Host.Get<BroadcastRepository>().ListAsync(BotTestHost.TenantId, default);

    [Fact]
    public async Task The_key_user_of_the_department_that_rose_most_is_proposed_from_the_pulses()
    {
        var thanks = ThanksPart(await kit.ReportTextAsync(DiagnosisTestKit.Executive, ReportKind.Monthly));

        Assert.Contains("Alex Smith", thanks);
        Assert.Contains("営業部の利用率（パルス）が 40% → 100% に上がりました", thanks);
        Assert.Contains("部署のみなさん（営業部）にも送る", thanks);
        Assert.DoesNotContain(DiagnosisTestKit.PlantKey.Name, thanks);
    }

    [Fact]
    public async Task Measured_usage_decides_whose_department_rose_when_it_has_been_imported()
    {
        kit.Measured(new DateOnly(2026, 11, 23), [5, 5, 5, 5, 5], [2, 3, 5, 7, 8]);

        var thanks = ThanksPart(await kit.ReportTextAsync(DiagnosisTestKit.Executive, ReportKind.Monthly));

        Assert.Contains(DiagnosisTestKit.PlantKey.Name, thanks);
        Assert.Contains("製造部の週間アクティブ率（実測）が 20% → 80% に上がりました", thanks);
        Assert.DoesNotContain("Alex Smith", thanks);
    }

    [Fact]
    public async Task The_key_user_who_answered_fastest_is_proposed()
    {
        kit.Measured(new DateOnly(2026, 11, 23), [5, 5, 5, 5, 5], [5, 5, 5, 5, 5]);
        for (var i = 0; i < 3; i++)
        {
            await kit.AddQuestionAsync($"fast-{i}", $"asker-s{i}", kit.Sales, [DiagnosisTestKit.KeyUser.AadObjectId],
                answeredBy: DiagnosisTestKit.KeyUser.AadObjectId, answeredAfter: TimeSpan.FromMinutes(40));
            await kit.AddQuestionAsync($"slow-{i}", $"asker-p{i}", kit.Plant, [DiagnosisTestKit.PlantKey.AadObjectId],
                answeredBy: DiagnosisTestKit.PlantKey.AadObjectId, answeredAfter: TimeSpan.FromHours(5));
        }

        var thanks = ThanksPart(await kit.ReportTextAsync(DiagnosisTestKit.Executive, ReportKind.Monthly));

        Assert.Contains("Alex Smith", thanks);
        Assert.Contains("質問に最も速く答えてくれました（最初の回答まで中央値 40分、3件）", thanks);
        Assert.DoesNotContain(DiagnosisTestKit.PlantKey.Name, thanks);
    }

    [Fact]
    public async Task One_press_sends_one_thank_you_to_the_key_user_and_their_department_and_a_second_press_sends_nothing()
    {
        var card = await kit.ReportAsync(DiagnosisTestKit.Executive, ReportKind.Monthly);
        var press = Press(card, DiagnosisTestKit.KeyUser.AadObjectId, toDepartment: true);

        var answer = await Host.ExecuteAsync(DiagnosisTestKit.Executive, press);

        Assert.Equal(200, answer.Status);
        Assert.Contains("送信済み（社長 太郎", answer.AllText);
        var sent = Assert.Single(await BroadcastsAsync());
        Assert.Equal(BroadcastStatus.Sent, sent.Status);
        Assert.Equal(BroadcastAudience.People, sent.Audience);
        Assert.Equal([DiagnosisTestKit.KeyUser.AadObjectId], sent.PersonIds);
        Assert.Equal([kit.Sales], sent.DepartmentIds);
        Assert.Equal(DiagnosisTestKit.Executive.AadObjectId, sent.AuthorId);
        // In the key user's language.
        Assert.Equal("Thank you, Alex Smith", sent.Title);
        Assert.Contains("the use rate (pulse) of 営業部 rose from 40% to 100%", sent.Body);

        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Contains(Host.SentTo(DiagnosisTestKit.KeyUser), c => c.AllText.Contains("Thank you, Alex Smith", StringComparison.Ordinal));
        Assert.Contains(Host.SentTo(BotTestHost.Staff), c => c.AllText.Contains("Thank you, Alex Smith", StringComparison.Ordinal));
        Assert.DoesNotContain(Host.SentTo(DiagnosisTestKit.P1), c => c.AllText.Contains("Thank you, Alex Smith", StringComparison.Ordinal));

        // It is in the executive's broadcast list with its delivery report.
        var views = await Host.Get<BroadcastService>().ListAsync(await kit.UserAsync(DiagnosisTestKit.Executive), default);
        Assert.Contains(views, v => v.Broadcast.Id == sent.Id);
        await Host.SayAsync(DiagnosisTestKit.Executive, "broadcasts");
        Assert.Contains("指名した1名、営業部", Host.SentTo(DiagnosisTestKit.Executive).Last().AllText);

        // Pressed again on the old card, or on a fresh one: nothing more goes out.
        var again = await Host.ExecuteAsync(DiagnosisTestKit.Executive, press);
        Assert.Equal(200, again.Status);
        Assert.Single(await BroadcastsAsync());
        Assert.DoesNotContain(DiagnosisCards.ThanksVerb, (await kit.ReportAsync(DiagnosisTestKit.Executive, ReportKind.Monthly)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_toggle_only_the_key_user_gets_it()
    {
        var card = await kit.ReportAsync(DiagnosisTestKit.Executive, ReportKind.Monthly);

        await Host.ExecuteAsync(DiagnosisTestKit.Executive, Press(card, DiagnosisTestKit.KeyUser.AadObjectId, toDepartment: false));
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        var sent = Assert.Single(await BroadcastsAsync());
        Assert.Empty(sent.DepartmentIds);
        Assert.Contains(Host.SentTo(DiagnosisTestKit.KeyUser), c => c.AllText.Contains("Thank you, Alex Smith", StringComparison.Ordinal));
        Assert.DoesNotContain(Host.SentTo(BotTestHost.Staff), c => c.AllText.Contains("Thank you, Alex Smith", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_press_by_someone_who_is_not_an_executive_changes_nothing()
    {
        var card = await kit.ReportAsync(DiagnosisTestKit.Executive, ReportKind.Monthly);
        var press = Press(card, DiagnosisTestKit.KeyUser.AadObjectId, toDepartment: true);

        var byPromoter = await Host.ExecuteAsync(BotTestHost.Promoter, press);
        var byKeyUser = await Host.ExecuteAsync(DiagnosisTestKit.KeyUser, press);

        Assert.Contains("権限", byPromoter.AllText);
        Assert.Contains("permission", byKeyUser.AllText, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await BroadcastsAsync());
        // The executive can still send it: nothing was claimed.
        Assert.Contains(DiagnosisCards.ThanksVerb, (await kit.ReportAsync(DiagnosisTestKit.Executive, ReportKind.Monthly)).ToString(), StringComparison.Ordinal);
        await Host.ExecuteAsync(DiagnosisTestKit.Executive, press);
        Assert.Single(await BroadcastsAsync());
    }

    [Fact]
    public async Task A_forged_press_for_someone_not_proposed_sends_nothing()
    {
        var card = await kit.ReportAsync(DiagnosisTestKit.Executive, ReportKind.Monthly);
        var press = Press(card, DiagnosisTestKit.KeyUser.AadObjectId, toDepartment: false);
        press["keyUserId"] = DiagnosisTestKit.PlantKey.AadObjectId;

        var answer = await Host.ExecuteAsync(DiagnosisTestKit.Executive, press);

        Assert.Contains("最新ではありません", answer.AllText);
        Assert.Empty(await BroadcastsAsync());
    }

    [Fact]
    public async Task Named_people_cannot_be_chosen_in_the_composer()
    {
        var form = new BroadcastForm(null, null, "題", "本文", null, null, null, nameof(BroadcastAudience.People), kit.Sales, null, "false", new BroadcastScheduleForm());

        var (_, problems) = await Host.Get<BroadcastService>().CheckAsync(await kit.UserAsync(DiagnosisTestKit.Executive), form, default);
        var submitted = await Host.Get<BroadcastService>().SubmitAsync(await kit.UserAsync(DiagnosisTestKit.Executive), form, default);

        Assert.Contains(problems, p => p.Key == "Broadcast_AudienceInvalid");
        Assert.Equal(BroadcastOutcome.Invalid, submitted.Outcome);
        Assert.Empty(await BroadcastsAsync());
    }
}
