using System.Text.Json.Nodes;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Questions;
using TeamsDxBot.Tests.Infrastructure;
using static TeamsDxBot.Tests.Delivery.DeliveryTestKit;

namespace TeamsDxBot.Tests.Questions;

/// <summary>
/// The <c>questions</c> list as the place to act on questions once their cards have scrolled away, the
/// claimer's card, the FAQ draft after a follow-up, and confirmations that say what was done.
/// </summary>
public sealed class QuestionListTests : IAsyncLifetime
{
    private static readonly TestUser OtherStaff = new("aad-other", "製造 三郎", "other@contoso.example");
    private BotTestHost host = null!;
    private string sales = "";

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync(settings: FastRetries);
        host.Connector.Members.Add(new FakeMember(OtherStaff.TeamsId, OtherStaff.AadObjectId, OtherStaff.Name, OtherStaff.Email));
        var departments = host.Get<DepartmentRepository>();
        sales = (await departments.CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default)).Department!.Id;
        var plant = (await departments.CreateAsync(BotTestHost.TenantId, "製造部", host.Clock.GetUtcNow(), default)).Department!.Id;
        foreach (var user in new[] { BotTestHost.Promoter, BotTestHost.Staff, BotTestHost.EnglishStaff, OtherStaff })
        {
            await host.SayAsync(user, "help");
        }
        var people = host.Get<PersonRepository>();
        await people.UpdateAsync(BotTestHost.TenantId, BotTestHost.Staff.AadObjectId, p => p with { DepartmentId = sales }, default);
        await people.UpdateAsync(BotTestHost.TenantId, OtherStaff.AadObjectId, p => p with { DepartmentId = plant }, default);
        await people.UpdateAsync(BotTestHost.TenantId, BotTestHost.EnglishStaff.AadObjectId, p => p with { KeyUserOf = new HashSet<string> { sales } }, default);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private Task DeliverAsync() => host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

    private async Task<string> AskAsync(string text)
    {
        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.SendVerb, text, urgent = "false" });
        await DeliverAsync();
        var card = host.SentTo(BotTestHost.EnglishStaff).Last(c => c.AllText.Contains(text, StringComparison.Ordinal)).Card!;
        return card["actions"]![0]!["data"]!["questionId"]!.GetValue<string>();
    }

    private Task<Question?> QuestionAsync(string id) => host.Get<QuestionRepository>().GetAsync(BotTestHost.TenantId, id, default);

    /// <summary>Sends the list command and returns the list card.</summary>
    private async Task<RecordedCall> ListAsync(TestUser user, string command)
    {
        await host.SayAsync(user, command);
        return host.SentTo(user).Last(c => c.Card is not null);
    }

    /// <summary>A press on a card already on screen (the update goes to that card).</summary>
    private Task PressAsync(TestUser user, RecordedCall card, object data) =>
        host.PostAsync(Activities.Submit(user, data, host.Connector.ServiceUrl, BotTestHost.TenantId, card.ActivityId));

    /// <summary>The list's row of one question.</summary>
    private static JsonObject Row(RecordedCall list, string text) =>
        list.Card!["body"]!.AsArray().OfType<JsonObject>()
            .Single(c => c["type"]!.GetValue<string>() == "Container" && Texts(c).Contains(text, StringComparison.Ordinal));

    private static string Texts(JsonObject node) => new RecordedCall("card", "", null, node).AllText;

    /// <summary>The row's buttons: title and verb (a button that unfolds a form: the verb of the form's send button).</summary>
    private static List<(string Title, string Verb)> Buttons(JsonObject row) =>
        row["items"]!.AsArray().OfType<JsonObject>()
            .Where(i => i["type"]!.GetValue<string>() == "ActionSet")
            .SelectMany(i => i["actions"]!.AsArray().OfType<JsonObject>())
            .Select(a => (a["title"]!.GetValue<string>(),
                (a["data"] ?? a["card"]!["actions"]![0]!["data"])!["verb"]!.GetValue<string>()))
            .ToList();

    [Fact]
    public async Task A_key_users_list_rows_carry_claim_answer_and_open_and_each_press_works_once()
    {
        var id = await AskAsync("経費の申請方法は？");

        var list = await ListAsync(BotTestHost.EnglishStaff, "questions");
        var row = Row(list, "経費の申請方法は？");
        Assert.Contains("handled by Not set", Texts(row));
        Assert.DoesNotContain("handled by -", Texts(row));
        Assert.Equal(
            [("Answer", QuestionCards.AnswerVerb), ("I'll take it", QuestionCards.ClaimVerb), ("Show", QuestionCards.OpenVerb)],
            Buttons(row));
        // The answer box of the row is its own (the rows share one card).
        Assert.Equal(QuestionCards.RowInput("answer", id), row["items"]!.AsArray().OfType<JsonObject>().Last()["actions"]![0]!["card"]!["body"]![0]!["id"]!.GetValue<string>());

        // Claim from the row: the list is redrawn in place with the new state, and the reply says what was done.
        await PressAsync(BotTestHost.EnglishStaff, list, new { verb = QuestionCards.ClaimVerb, questionId = id, from = QuestionCards.FromList });
        var replies = host.SentTo(BotTestHost.EnglishStaff).TakeLast(2).ToList();
        Assert.Equal("You took the question; you are handling it now.", replies[0].Text);
        Assert.Equal(("update", list.ActivityId), (replies[1].Kind, replies[1].ActivityId));
        var claimedRow = Row(replies[1], "経費の申請方法は？");
        Assert.Contains("Claimed · asked by 社員 花子 · handled by Alex Smith", Texts(claimedRow));
        Assert.DoesNotContain(Buttons(claimedRow), b => b.Verb == QuestionCards.ClaimVerb);

        // The question card he got first (scrolled away, still with its buttons) now says it is his too.
        await DeliverAsync();
        var first = host.SentTo(BotTestHost.EnglishStaff).First(c => c.Kind != "update" && c.AllText.Contains("経費の申請方法は？", StringComparison.Ordinal));
        var rewritten = host.SentTo(BotTestHost.EnglishStaff).Last(c => c.Kind == "update" && c.ActivityId == first.ActivityId);
        Assert.Contains("You are handling this", rewritten.AllText);
        Assert.DoesNotContain("I'll take it", rewritten.AllText);

        // The same row pressed again (an older copy of the list) changes nothing.
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.ClaimVerb, questionId = id, from = QuestionCards.FromList });
        Assert.Contains("You are already handling this question.", host.SentTo(BotTestHost.EnglishStaff).Last(c => c.Kind != "update").AllText);
        Assert.Equal(["asked", "claimed"], (await QuestionAsync(id))!.History.Select(e => e.Kind));

        // Open: the question's own card again, with the asker, due time and hand-over.
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.OpenVerb, questionId = id, from = QuestionCards.FromList });
        var opened = host.SentTo(BotTestHost.EnglishStaff).Last();
        Assert.Contains("社員 花子", opened.AllText);
        Assert.Contains("Due", opened.AllText);
        Assert.Contains("Reassign", opened.AllText);

        // Answer from the row's own box.
        await host.SubmitAsync(BotTestHost.EnglishStaff, new Dictionary<string, string>
        {
            ["verb"] = QuestionCards.AnswerVerb, ["questionId"] = id, ["from"] = QuestionCards.FromList, [QuestionCards.RowInput("answer", id)] = "Use the 申請 menu.",
        });
        replies = host.SentTo(BotTestHost.EnglishStaff).TakeLast(2).ToList();
        Assert.Equal("Your answer was sent to 社員 花子.", replies[0].Text);
        Assert.Contains("No questions here.", replies[1].AllText); // answered: out of the queue
        var stored = (await QuestionAsync(id))!;
        Assert.Equal((QuestionStatus.Answered, "Use the 申請 menu."), (stored.Status, stored.Answer));
        await DeliverAsync();
        Assert.Contains("Use the 申請 menu.", host.SentTo(BotTestHost.Staff).Last().AllText);

        // A stale press on the answered question (the first list is still on screen) is refused in words, and nothing changes.
        await PressAsync(BotTestHost.EnglishStaff, list, new { verb = QuestionCards.ClaimVerb, questionId = id, from = QuestionCards.FromList });
        Assert.Equal("This question has already been answered.", host.SentTo(BotTestHost.EnglishStaff).Last(c => c.Kind != "update").Text);
        Assert.Equal(["asked", "claimed", "answered"], (await QuestionAsync(id))!.History.Select(e => e.Kind));
    }

    [Fact]
    public async Task Someone_without_a_part_in_the_question_gets_no_buttons_for_it_and_cannot_press_them()
    {
        var id = await AskAsync("他部署からは触れない質問");
        var list = await ListAsync(OtherStaff, "質問一覧");
        Assert.DoesNotContain("他部署からは触れない質問", list.AllText);

        foreach (var verb in new[] { QuestionCards.ClaimVerb, QuestionCards.OpenVerb, QuestionCards.SolvedVerb })
        {
            await host.SubmitAsync(OtherStaff, new { verb, questionId = id, from = QuestionCards.FromList });
            Assert.Contains("この質問に対応する権限がありません。", host.SentTo(OtherStaff).Last(c => c.Kind != "update").AllText);
        }
        await host.SubmitAsync(OtherStaff, new Dictionary<string, string>
        {
            ["verb"] = QuestionCards.AnswerVerb, ["questionId"] = id, ["from"] = QuestionCards.FromList, [QuestionCards.RowInput("answer", id)] = "横から回答",
        });
        Assert.Contains("この質問に対応する権限がありません。", host.SentTo(OtherStaff).Last(c => c.Kind != "update").AllText);
        var stored = (await QuestionAsync(id))!;
        Assert.Equal((QuestionStatus.Open, 1), (stored.Status, stored.History.Count));
    }

    [Fact]
    public async Task The_askers_list_shows_the_answer_with_solved_and_still_stuck_and_they_work_once()
    {
        var id = await AskAsync("申請画面が開きません");
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "Clear the browser cache." });
        await DeliverAsync();

        var list = await ListAsync(BotTestHost.Staff, "質問一覧");
        var row = Row(list, "申請画面が開きません");
        Assert.Contains("回答済み・質問者 社員 花子・担当 Alex Smith", Texts(row));
        Assert.Contains("Clear the browser cache.", Texts(row));
        Assert.Equal(
            [("解決した", QuestionCards.SolvedVerb), ("まだ困っている", QuestionCards.StuckVerb), ("開く", QuestionCards.OpenVerb)],
            Buttons(row));

        // Opened again: the answer card with its two buttons.
        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.OpenVerb, questionId = id, from = QuestionCards.FromList });
        var opened = host.SentTo(BotTestHost.Staff).Last();
        Assert.Contains("Alex Smith さんから回答が届きました", opened.AllText);
        Assert.Contains("まだ困っている", opened.AllText);

        // Still stuck, from the row's own box: the key user gets the follow-up, the row says so.
        await PressAsync(BotTestHost.Staff, list, new Dictionary<string, string>
        {
            ["verb"] = QuestionCards.StuckVerb, ["questionId"] = id, ["from"] = QuestionCards.FromList, [QuestionCards.RowInput("followUp", id)] = "キャッシュを消しても開きません",
        });
        var replies = host.SentTo(BotTestHost.Staff).TakeLast(2).ToList();
        Assert.Equal("追加の質問を送りました。", replies[0].Text);
        Assert.Equal(("update", list.ActivityId), (replies[1].Kind, replies[1].ActivityId));
        var reopenedRow = Row(replies[1], "申請画面が開きません");
        Assert.Contains("再質問あり", Texts(reopenedRow));
        Assert.Contains("追加：キャッシュを消しても開きません", Texts(reopenedRow));
        Assert.DoesNotContain(Buttons(reopenedRow), b => b.Verb == QuestionCards.SolvedVerb);
        await DeliverAsync();
        Assert.Contains("キャッシュを消しても開きません", host.SentTo(BotTestHost.EnglishStaff).Last().AllText);

        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "Then reinstall the app." });
        await DeliverAsync();
        list = await ListAsync(BotTestHost.Staff, "質問一覧");
        Assert.Contains("Clear the browser cache.", Texts(Row(list, "申請画面が開きません")));
        Assert.Contains("Then reinstall the app.", Texts(Row(list, "申請画面が開きません")));

        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.SolvedVerb, questionId = id, from = QuestionCards.FromList });
        replies = host.SentTo(BotTestHost.Staff).TakeLast(2).ToList();
        Assert.Equal("質問を解決済みにしました。", replies[0].Text);
        var closedRow = Row(replies[1], "申請画面が開きません");
        Assert.Contains("解決済み", Texts(closedRow));
        Assert.Equal([("開く", QuestionCards.OpenVerb)], Buttons(closedRow));

        // The answer cards she was sent, scrolled away, no longer offer 解決した / まだ困っている.
        await DeliverAsync();
        var answerCards = host.SentTo(BotTestHost.Staff).Where(c => c.Kind == "send" && c.AllText.Contains("Alex Smith さんから回答が届きました", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, answerCards.Count);
        foreach (var answerCard in answerCards)
        {
            var now = host.SentTo(BotTestHost.Staff).Last(c => c.ActivityId == answerCard.ActivityId);
            Assert.Equal("update", now.Kind);
            Assert.Contains("質問を解決済みにしました", now.AllText);
            Assert.DoesNotContain("まだ困っている", now.AllText);
        }

        // The first list, still on screen, pressed again: told it is already solved; nothing changes twice.
        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.SolvedVerb, questionId = id, from = QuestionCards.FromList });
        Assert.Contains("この質問はすでに解決済みです。", host.SentTo(BotTestHost.Staff).Last(c => c.Kind != "update").AllText);
        Assert.Single((await QuestionAsync(id))!.History, e => e.Kind == "closed");
        // Every confirmation said what was done.
        Assert.DoesNotContain(host.SentTo(BotTestHost.Staff), c => c.AllText.Contains("完了しました", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_claiming_the_card_keeps_the_asker_the_due_time_and_hand_over()
    {
        var id = await AskAsync("対応中になる質問");
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.ClaimVerb, questionId = id });

        var claimed = host.SentTo(BotTestHost.EnglishStaff).Last();
        Assert.Equal("update", claimed.Kind);
        Assert.Contains("You are handling this", claimed.AllText);
        Assert.Contains("社員 花子", claimed.AllText); // asked by
        Assert.Contains("Wed 11/25 10:00", claimed.AllText); // due, on the key user's clock
        var actions = claimed.Card!["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()).ToList();
        Assert.Contains("Reassign", actions);
        Assert.Contains("Answer", actions);
        Assert.DoesNotContain("I'll take it", actions);
        // Nothing about the tool was said: it reads "Not set", not a dash.
        Assert.Contains(claimed.Card!["body"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "FactSet")!["facts"]!.AsArray(),
            f => f!["title"]!.GetValue<string>() == "Tool" && f["value"]!.GetValue<string>() == "Not set");
    }

    private async Task<string> AnsweredAfterAFollowUpAsync(string text)
    {
        var id = await AskAsync(text);
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "メニューの「申請」から入力します。" });
        await DeliverAsync();
        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.StuckVerb, questionId = id, followUp = "申請ボタンが灰色です" });
        await DeliverAsync();
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "先に承認者を設定すると押せるようになります。" });
        await DeliverAsync();
        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.SolvedVerb, questionId = id });
        await DeliverAsync();
        return id;
    }

    [Fact]
    public async Task The_FAQ_draft_after_a_follow_up_holds_the_whole_answer_and_the_next_person_sees_all_of_it()
    {
        var id = await AnsweredAfterAFollowUpAsync("経費精算の申請方法を教えてください");

        var offer = host.SentTo(BotTestHost.EnglishStaff).Last(c => c.AllText.Contains("Keep this answer in the FAQ?", StringComparison.Ordinal));
        var inputs = offer.Card!["body"]!.AsArray().OfType<JsonObject>().Where(b => b["id"] is not null)
            .ToDictionary(b => b["id"]!.GetValue<string>(), b => b["value"]?.GetValue<string>());
        Assert.Equal("経費精算の申請方法を教えてください", inputs["faqQuestion"]);
        Assert.Equal("メニューの「申請」から入力します。\n\n先に承認者を設定すると押せるようになります。", inputs["faqAnswer"]);
        Assert.Contains("Don't add to FAQ", offer.AllText);

        // Kept as offered (the key user may edit it first; here they do not).
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = FaqCards.AddVerb, questionId = id, faqQuestion = inputs["faqQuestion"], faqAnswer = inputs["faqAnswer"] });
        Assert.Contains("Added to your department's FAQ", host.SentTo(BotTestHost.EnglishStaff).Last().AllText);

        await host.SayAsync(BotTestHost.Staff, "経費精算の申請方法がわかりません");
        var suggestion = host.SentTo(BotTestHost.Staff).Last().AllText;
        Assert.Contains("似た質問の回答があります", suggestion);
        Assert.Contains("メニューの「申請」から入力します。", suggestion);
        Assert.Contains("先に承認者を設定すると押せるようになります。", suggestion);
    }

    [Fact]
    public async Task Dont_add_to_FAQ_stores_nothing_and_says_so()
    {
        var id = await AnsweredAfterAFollowUpAsync("交通費の入力方法は？");

        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = FaqCards.SkipVerb, questionId = id });
        var skipped = host.SentTo(BotTestHost.EnglishStaff).Last();
        Assert.Equal("update", skipped.Kind);
        Assert.Contains("Not added to the FAQ.", skipped.AllText);
        Assert.Empty(await host.Get<FaqRepository>().ListAsync(BotTestHost.TenantId, default));
        await host.SayAsync(BotTestHost.Staff, "faq 交通費");
        Assert.Contains("見つかりませんでした", host.SentTo(BotTestHost.Staff).Last().AllText);
    }

    [Fact]
    public async Task The_list_with_buttons_and_the_reopened_cards_pass_the_official_adaptivecards_parser()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var asked = new Question
        {
            TenantId = "t", Id = "q1", AskerId = "p1", AskerName = "佐藤 花子", Text = "経費の申請方法は？", CreatedAt = DateTimeOffset.UnixEpoch,
            DueAt = DateTimeOffset.UnixEpoch.AddHours(9), AssigneeIds = ["p2"], DepartmentId = "d1",
        };
        var answered = (asked with { Id = "q2", Status = QuestionStatus.Answered, AnsweredBy = "p2", ClaimedBy = "p2", Answer = "Second." })
            .With(new QuestionEvent(DateTimeOffset.UnixEpoch, "p2", "answered", "First."))
            .With(new QuestionEvent(DateTimeOffset.UnixEpoch, "p2", "answered", "Second."));
        await TeamsDxBot.Tests.Cards.OfficialParser.AssertParsesInBothLanguagesAsync(t =>
        {
            var cards = new Dictionary<string, Newtonsoft.Json.Linq.JObject>
            {
                ["list"] = QuestionCards.List(t, "質問", [asked, answered], DateTimeOffset.UnixEpoch.AddDays(1), id => id, tokyo,
                    q => q.Status == QuestionStatus.Answered ? QuestionRowActions.Open | QuestionRowActions.Resolve
                        : QuestionRowActions.Open | QuestionRowActions.Claim | QuestionRowActions.Answer),
                ["view"] = QuestionCards.View(t, answered with { Status = QuestionStatus.Closed }, null, id => id, tokyo),
                ["claimed"] = QuestionCards.Claimed(t, asked, "営業部", tokyo),
                ["offer"] = FaqCards.Offer(t, answered, canPublish: false),
                ["skipped"] = FaqCards.Skipped(t),
            };
            return cards.Select(c => (c.Key, c.Value));
        });
    }
}
