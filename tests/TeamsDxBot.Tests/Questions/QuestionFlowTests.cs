using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Questions;
using TeamsDxBot.Tests.Infrastructure;
using static TeamsDxBot.Tests.Delivery.DeliveryTestKit;

namespace TeamsDxBot.Tests.Questions;

public sealed class QuestionFlowTests : IAsyncLifetime
{
    private static readonly TestUser SecondKeyUser = new("aad-key2", "品質 次郎", "key2@contoso.example");
    private BotTestHost host = null!;
    private string sales = "";
    private string plant = "";

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync(settings: FastRetries);
        host.Connector.Members.Add(new FakeMember(SecondKeyUser.TeamsId, SecondKeyUser.AadObjectId, SecondKeyUser.Name, SecondKeyUser.Email));
        var departments = host.Get<DepartmentRepository>();
        sales = (await departments.CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default)).Department!.Id;
        plant = (await departments.CreateAsync(BotTestHost.TenantId, "製造部", host.Clock.GetUtcNow(), default)).Department!.Id;
        foreach (var user in new[] { BotTestHost.Promoter, BotTestHost.Staff, BotTestHost.EnglishStaff, SecondKeyUser })
        {
            await host.SayAsync(user, "help");
        }
        var people = host.Get<PersonRepository>();
        await people.UpdateAsync(BotTestHost.TenantId, BotTestHost.Staff.AadObjectId, p => p with { DepartmentId = sales }, default);
        await people.UpdateAsync(BotTestHost.TenantId, BotTestHost.EnglishStaff.AadObjectId, p => p with { KeyUserOf = new HashSet<string> { sales } }, default);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<string> AskAsync(string text = "経費の申請方法は？", bool urgent = false)
    {
        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.SendVerb, text, urgent = urgent ? "true" : "false" });
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        var card = host.SentTo(BotTestHost.EnglishStaff).Last(c => c.AllText.Contains(text, StringComparison.Ordinal)).Card!;
        return card["actions"]![0]!["data"]!["questionId"]!.GetValue<string>();
    }

    private Task<Question?> QuestionAsync(string id) => host.Get<QuestionRepository>().GetAsync(BotTestHost.TenantId, id, default);

    [Fact]
    public async Task Asked_answered_and_solved_each_person_in_their_language()
    {
        await host.SayAsync(BotTestHost.Staff, "経費の申請方法は？");
        var draft = host.SentTo(BotTestHost.Staff).Last().AllText;
        Assert.Contains("Alex Smith（営業部のキーユーザー）", draft);

        var id = await AskAsync();
        var sent = host.SentTo(BotTestHost.Staff).Last();
        Assert.Equal("update", sent.Kind);
        Assert.Contains("質問を送りました", sent.AllText);
        var forKeyUser = host.SentTo(BotTestHost.EnglishStaff).Last().AllText;
        Assert.Contains("A question for you", forKeyUser);
        Assert.Contains("社員 花子", forKeyUser);

        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "Use the 申請 menu." });
        Assert.Contains("Answered", host.SentTo(BotTestHost.EnglishStaff).Last().AllText);
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        var answer = host.SentTo(BotTestHost.Staff).Last().AllText;
        Assert.Contains("Alex Smith さんから回答が届きました", answer);
        Assert.Contains("Use the 申請 menu.", answer);

        var keyUserCard = host.SentTo(BotTestHost.EnglishStaff).First(c => c.Kind is "send" or "reply" && c.AllText.Contains("A question for you", StringComparison.Ordinal));
        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.SolvedVerb, questionId = id });
        Assert.Contains("解決済みにしました", host.SentTo(BotTestHost.Staff).Last().AllText);
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        // The key user's card now shows the final state (updated in place, through the engine).
        var closed = host.SentTo(BotTestHost.EnglishStaff).Last(c => c.Kind == "update");
        Assert.Equal(keyUserCard.ActivityId, closed.ActivityId);
        Assert.Contains("Solved", closed.AllText);
        var stored = await QuestionAsync(id);
        Assert.Equal(QuestionStatus.Closed, stored!.Status);
        Assert.Equal(["asked", "answered", "closed"], stored.History.Select(e => e.Kind));
        Assert.Equal([BotTestHost.Staff.AadObjectId, BotTestHost.EnglishStaff.AadObjectId, BotTestHost.Staff.AadObjectId], stored.History.Select(e => e.Actor));
        // Asked Tuesday 10:00 JST: one business day (9 h of 9:00–18:00) later is Wednesday 10:00 JST.
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero), stored.DueAt);
    }

    [Fact]
    public async Task Still_stuck_reopens_it_for_the_same_key_user_with_the_follow_up()
    {
        var id = await AskAsync();
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "Try the menu." });
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.StuckVerb, questionId = id, followUp = "メニューにボタンがありません" });
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        Assert.Equal(QuestionStatus.Reopened, (await QuestionAsync(id))!.Status);
        var followUp = host.SentTo(BotTestHost.EnglishStaff).Last().AllText;
        Assert.Contains("A follow-up question", followUp);
        Assert.Contains("メニューにボタンがありません", followUp);

        // "Still stuck" without saying what happens is refused.
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "Reinstall." });
        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.StuckVerb, questionId = id, followUp = "" });
        Assert.Contains("内容を入力してください", host.SentTo(BotTestHost.Staff).Last().AllText);
        Assert.Equal(QuestionStatus.Answered, (await QuestionAsync(id))!.Status);
    }

    [Fact]
    public async Task A_department_without_key_users_asks_the_promoter()
    {
        await host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, BotTestHost.Staff.AadObjectId, p => p with { DepartmentId = plant }, default);
        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.SendVerb, text = "在庫の見方は？", urgent = "true" });
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        Assert.Contains("在庫の見方は？", host.SentTo(BotTestHost.Promoter).Last().AllText);
        Assert.Contains("【急ぎ】", host.SentTo(BotTestHost.Promoter).Last().AllText);
        Assert.DoesNotContain(host.SentTo(BotTestHost.EnglishStaff), c => c.AllText.Contains("在庫", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_questions_and_people_without_a_part_in_it_change_nothing()
    {
        await host.SayAsync(BotTestHost.Staff, "質問");
        Assert.Contains("質問を入力してください", host.SentTo(BotTestHost.Staff).Last().AllText);
        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.SendVerb, text = new string('あ', Question.MaxLength + 1) });
        Assert.Contains("1000文字以内", host.SentTo(BotTestHost.Staff).Last().AllText);
        Assert.DoesNotContain(host.SentTo(BotTestHost.EnglishStaff), c => c.AllText.Contains("あああ", StringComparison.Ordinal));

        var id = await AskAsync();
        // The asker cannot answer their own question, and a key user of another department cannot either.
        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "自己解決" });
        Assert.Contains("権限がありません", host.SentTo(BotTestHost.Staff).Last().AllText);
        await host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, SecondKeyUser.AadObjectId, p => p with { KeyUserOf = new HashSet<string> { plant } }, default);
        await host.SubmitAsync(SecondKeyUser, new { verb = QuestionCards.ClaimVerb, questionId = id });
        Assert.Contains("権限がありません", host.SentTo(SecondKeyUser).Last().AllText);
        Assert.Equal(QuestionStatus.Open, (await QuestionAsync(id))!.Status);

        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "" });
        Assert.Contains("Please write something first", host.SentTo(BotTestHost.EnglishStaff).Last().AllText);
        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.SolvedVerb, questionId = "missing" });
        Assert.Contains("見つかりません", host.SentTo(BotTestHost.Staff).Last().AllText);
    }

    [Fact]
    public async Task Two_key_users_one_claims_the_other_sees_it_taken_and_cannot_answer()
    {
        await host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, SecondKeyUser.AadObjectId, p => p with { KeyUserOf = new HashSet<string> { sales } }, default);
        var id = await AskAsync();
        var secondCopy = host.SentTo(SecondKeyUser).Last(c => c.Kind is "send" or "reply");

        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.ClaimVerb, questionId = id });
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        var update = host.SentTo(SecondKeyUser).Last();
        Assert.Equal("update", update.Kind);
        Assert.Equal(secondCopy.ActivityId, update.ActivityId);
        Assert.Contains("Alex Smith さんが対応中です", update.AllText);
        await host.SubmitAsync(SecondKeyUser, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "私が答えます" });
        Assert.Contains("別の担当者が対応中", host.SentTo(SecondKeyUser).Last().AllText);
        Assert.Equal(BotTestHost.EnglishStaff.AadObjectId, (await QuestionAsync(id))!.ClaimedBy);
    }

    [Fact]
    public async Task Concurrent_answers_one_wins_and_the_other_is_told()
    {
        await host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, SecondKeyUser.AadObjectId, p => p with { KeyUserOf = new HashSet<string> { sales } }, default);
        var id = await AskAsync();

        await Task.WhenAll(
            host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "Answer A" }),
            host.SubmitAsync(SecondKeyUser, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "回答B" }));
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        var stored = (await QuestionAsync(id))!;
        Assert.Single(stored.History, e => e.Kind == "answered");
        var loser = stored.AnsweredBy == SecondKeyUser.AadObjectId ? BotTestHost.EnglishStaff : SecondKeyUser;
        Assert.Matches("already been answered|すでに回答済み", host.SentTo(loser).Where(c => c.Kind != "update").Last().AllText);
        Assert.Single(host.SentTo(BotTestHost.Staff), c => c.AllText.Contains("回答が届きました", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_question_list_depends_on_the_role_and_puts_overdue_first()
    {
        var early = await AskAsync("最初の質問");
        host.Clock.Advance(TimeSpan.FromHours(2));
        await AskAsync("二つ目の質問", urgent: true);
        host.Clock.Advance(TimeSpan.FromHours(5)); // the urgent one (4 h) is now overdue; the first (1 day) is not
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = early, answer = "done" });

        await host.SayAsync(BotTestHost.Staff, "質問一覧");
        var mine = host.SentTo(BotTestHost.Staff).Last().AllText;
        Assert.Contains("あなたの質問", mine);
        Assert.Contains("最初の質問", mine);
        Assert.Contains("回答済み", mine);

        await host.SayAsync(BotTestHost.EnglishStaff, "questions");
        var queue = host.SentTo(BotTestHost.EnglishStaff).Last().AllText;
        Assert.Contains("Open questions for you", queue);
        Assert.Contains("二つ目の質問", queue);
        Assert.DoesNotContain("最初の質問", queue); // answered: no longer in the queue
        Assert.Contains("Overdue", queue);

        await host.SayAsync(BotTestHost.Promoter, "questions");
        var replies = host.SentTo(BotTestHost.Promoter).TakeLast(2).Select(c => c.AllText).ToList();
        Assert.Contains("未解決の質問（期限切れが先）", replies[0]);
        Assert.Contains("期限切れ", replies[0]);
        Assert.Contains("質問への対応状況", replies[1]);
        // Both questions come from one person: the measures follow the anonymity policy (k = 5) and show no figure.
        Assert.Contains("質問した人が5人未満のため、数値は表示しません。", replies[1]);
        Assert.DoesNotContain("営業部", replies[1]);
    }

    [Fact]
    public async Task Nearly_due_reminds_the_key_user_once_and_overdue_goes_to_the_promoter_once()
    {
        var id = await AskAsync("至急ではない質問");
        var service = host.Get<QuestionService>();
        Assert.Equal((0, 0), await service.CheckDeadlinesAsync(default));

        host.Clock.Advance(TimeSpan.FromHours(23.5)); // Wednesday 09:30 JST, due 10:00
        var instances = await Task.WhenAll(service.CheckDeadlinesAsync(default), service.CheckDeadlinesAsync(default));
        Assert.Equal(1, instances.Sum(r => r.Nudged));
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Contains("This question is due soon", host.SentTo(BotTestHost.EnglishStaff).Last().AllText);

        host.Clock.Advance(TimeSpan.FromHours(1)); // past due, unanswered
        instances = await Task.WhenAll(service.CheckDeadlinesAsync(default), service.CheckDeadlinesAsync(default));
        Assert.Equal(1, instances.Sum(r => r.Escalated));
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        var escalation = host.SentTo(BotTestHost.Promoter).Last().AllText;
        Assert.Contains("回答期限を過ぎても未回答", escalation);
        Assert.Contains("至急ではない質問", escalation);
        Assert.Equal(["asked", "nudged", "escalated"], (await QuestionAsync(id))!.History.Select(e => e.Kind));
        Assert.Contains("期限を延ばす", escalation);
        Assert.Contains("DX推進担当にも届けました", host.SentTo(BotTestHost.Staff).Last().AllText);
        Assert.Equal((0, 0), await service.CheckDeadlinesAsync(default));

        // Only a promoter can give it more time; then reminders and escalation start over.
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.ExtendVerb, questionId = id });
        Assert.Contains("can't act on this question", host.SentTo(BotTestHost.EnglishStaff).Last().AllText);
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = QuestionCards.ExtendVerb, questionId = id });
        var extended = (await QuestionAsync(id))!;
        Assert.False(extended.Escalated);
        Assert.True(extended.DueAt > host.Clock.GetUtcNow());
        Assert.Equal("extended", extended.History[^1].Kind);

        // The promoter can answer it from the escalation card.
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "推進担当から回答します" });
        Assert.Equal(QuestionStatus.Answered, (await QuestionAsync(id))!.Status);
    }

    [Fact]
    public async Task A_key_user_hands_the_question_to_the_promoter_with_a_reason()
    {
        var id = await AskAsync("会計ルールの質問");
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.ReassignFormVerb, questionId = id });
        var form = host.SentTo(BotTestHost.EnglishStaff).Last().AllText;
        Assert.Contains("Hand this question over", form);
        Assert.Contains("推進 太郎", form);
        Assert.DoesNotContain("社員 花子", form); // never back to the asker

        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.ReassignVerb, questionId = id, to = BotTestHost.Promoter.AadObjectId, reason = "" });
        Assert.Contains("Please write something first", host.SentTo(BotTestHost.EnglishStaff).Last().AllText);
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.ReassignVerb, questionId = id, to = BotTestHost.Staff.AadObjectId, reason = "x" });
        Assert.Contains("can't act on this question", host.SentTo(BotTestHost.EnglishStaff).Last().AllText);

        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.ReassignVerb, questionId = id, to = BotTestHost.Promoter.AadObjectId, reason = "経理の判断が必要" });
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Contains("会計ルールの質問", host.SentTo(BotTestHost.Promoter).Last().AllText);
        var stored = (await QuestionAsync(id))!;
        Assert.Equal([BotTestHost.Promoter.AadObjectId], stored.AssigneeIds);
        Assert.Contains(stored.History, e => e.Kind == "reassigned" && e.Note!.Contains("経理の判断が必要", StringComparison.Ordinal));

        // The previous key user no longer holds it.
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "late" });
        Assert.Contains("can't act on this question", host.SentTo(BotTestHost.EnglishStaff).Last().AllText);
    }

    [Fact]
    public async Task Not_a_question_closes_it_and_tells_the_asker_why()
    {
        var id = await AskAsync("今日のランチどこ行く？");
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.NotAQuestionVerb, questionId = id, answer = "Lunch chat, not about the tool" });
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        Assert.Equal(QuestionStatus.Closed, (await QuestionAsync(id))!.Status);
        var told = host.SentTo(BotTestHost.Staff).Last().AllText;
        Assert.Contains("Alex Smith さんが、質問ではないとしてクローズしました", told);
        Assert.Contains("Lunch chat, not about the tool", told);
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "too late" });
        Assert.Contains("already closed", host.SentTo(BotTestHost.EnglishStaff).Last().AllText);
    }

    [Fact]
    public async Task After_an_extension_the_next_reminder_and_escalation_go_out_again()
    {
        var id = await AskAsync("延長される質問");
        var service = host.Get<QuestionService>();
        host.Clock.Advance(TimeSpan.FromHours(23.5)); // nearly due: reminded
        Assert.Equal((1, 0), await service.CheckDeadlinesAsync(default));
        host.Clock.Advance(TimeSpan.FromHours(1)); // past due: escalated
        Assert.Equal((0, 1), await service.CheckDeadlinesAsync(default));
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = QuestionCards.ExtendVerb, questionId = id });

        host.Clock.Advance(TimeSpan.FromHours(23.5)); // nearly due again
        Assert.Equal((1, 0), await service.CheckDeadlinesAsync(default));
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Equal(2, host.SentTo(BotTestHost.EnglishStaff).Count(c => c.Kind != "update" && c.AllText.Contains("This question is due soon", StringComparison.Ordinal)));

        host.Clock.Advance(TimeSpan.FromHours(1)); // overdue again
        Assert.Equal((0, 1), await service.CheckDeadlinesAsync(default));
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Equal(2, host.SentTo(BotTestHost.Promoter).Count(c => c.Kind != "update" && c.AllText.Contains("回答期限を過ぎても未回答", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Once_answered_every_copy_with_buttons_says_so_including_the_promoters_escalation_card()
    {
        var id = await AskAsync("全員のカードが変わる質問");
        host.Clock.Advance(TimeSpan.FromHours(24.5));
        await host.Get<QuestionService>().CheckDeadlinesAsync(default);
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        var escalation = host.SentTo(BotTestHost.Promoter).Last(c => c.Kind != "update" && c.AllText.Contains("回答期限を過ぎても未回答", StringComparison.Ordinal));

        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "Late, but here it is." });
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        var update = host.SentTo(BotTestHost.Promoter).Last(c => c.Kind == "update");
        Assert.Equal(escalation.ActivityId, update.ActivityId);
        Assert.Contains("Alex Smith さんが回答しました", update.AllText);
        Assert.DoesNotContain("回答する", update.AllText);
    }

    [Fact]
    public async Task A_follow_up_gets_a_fresh_due_time_and_the_key_user_can_reply_again_until_it_is_closed()
    {
        var id = await AskAsync("あとで追加質問する質問");
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "First answer." });
        // The key user adds to the answer before the asker reacts: the asker gets both.
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "One more thing." });
        Assert.Contains("Send a further reply", host.SentTo(BotTestHost.EnglishStaff).Last().AllText);
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Equal(2, host.SentTo(BotTestHost.Staff).Count(c => c.AllText.Contains("Alex Smith さんから回答が届きました", StringComparison.Ordinal)));
        Assert.Single(host.SentTo(BotTestHost.Staff), c => c.AllText.Contains("One more thing.", StringComparison.Ordinal));

        // Three days later the asker is still stuck: the follow-up is due a business day from now, not escalated at once.
        host.Clock.Advance(TimeSpan.FromDays(3));
        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.StuckVerb, questionId = id, followUp = "まだ分かりません" });
        var reopened = (await QuestionAsync(id))!;
        Assert.True(reopened.DueAt > host.Clock.GetUtcNow());
        Assert.Equal((0, 0), await host.Get<QuestionService>().CheckDeadlinesAsync(default));

        // Once closed, nobody adds to it.
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "Third." });
        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.SolvedVerb, questionId = id });
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "Fourth." });
        Assert.Contains("already closed", host.SentTo(BotTestHost.EnglishStaff).Last().AllText);
    }

    [Fact]
    public async Task A_question_claimed_by_one_key_user_cannot_be_claimed_handed_on_or_closed_by_another()
    {
        await host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, SecondKeyUser.AadObjectId, p => p with { KeyUserOf = new HashSet<string> { sales } }, default);
        var id = await AskAsync("取り合いになる質問");
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.ClaimVerb, questionId = id });

        await host.SubmitAsync(SecondKeyUser, new { verb = QuestionCards.ClaimVerb, questionId = id });
        Assert.Contains("別の担当者が対応中", host.SentTo(SecondKeyUser).Last().AllText);
        await host.SubmitAsync(SecondKeyUser, new { verb = QuestionCards.ReassignVerb, questionId = id, to = BotTestHost.Promoter.AadObjectId, reason = "横取り" });
        Assert.Contains("別の担当者が対応中", host.SentTo(SecondKeyUser).Last().AllText);
        await host.SubmitAsync(SecondKeyUser, new { verb = QuestionCards.NotAQuestionVerb, questionId = id, answer = "閉じます" });
        Assert.Contains("別の担当者が対応中", host.SentTo(SecondKeyUser).Last().AllText);

        var stored = (await QuestionAsync(id))!;
        Assert.Equal((QuestionStatus.Claimed, BotTestHost.EnglishStaff.AadObjectId), (stored.Status, stored.ClaimedBy));
        Assert.Equal(["asked", "claimed"], stored.History.Select(e => e.Kind));
    }

    [Fact]
    public async Task A_handed_on_question_tells_the_new_owner_why_and_the_others_who_has_it()
    {
        await host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, SecondKeyUser.AadObjectId, p => p with { KeyUserOf = new HashSet<string> { sales } }, default);
        var id = await AskAsync("引き継ぐ質問");
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.ReassignVerb, questionId = id, to = BotTestHost.Promoter.AadObjectId, reason = "経理の判断が必要" });
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        var forPromoter = host.SentTo(BotTestHost.Promoter).Last().AllText;
        Assert.Contains("Alex Smith さんから引き継がれました。理由：経理の判断が必要", forPromoter);
        var other = host.SentTo(SecondKeyUser).Last();
        Assert.Equal("update", other.Kind);
        Assert.Contains("推進 太郎 さんに引き継がれました", other.AllText);
    }

    [Fact]
    public async Task Someone_no_longer_a_key_user_cannot_act_on_questions_routed_to_them_before()
    {
        var id = await AskAsync("役割が変わる前の質問");
        await host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, BotTestHost.EnglishStaff.AadObjectId, p => p with { KeyUserOf = new HashSet<string>() }, default);

        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer = "I still answer" });
        Assert.Contains("can't act on this question", host.SentTo(BotTestHost.EnglishStaff).Last().AllText);
        Assert.Equal(QuestionStatus.Open, (await QuestionAsync(id))!.Status);
    }

    [Fact]
    public async Task The_only_key_user_asking_goes_to_the_promoter()
    {
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.SendVerb, text = "キーユーザー自身の質問", urgent = "false" });
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Contains("キーユーザー自身の質問", host.SentTo(BotTestHost.Promoter).Last().AllText);
        var stored = (await host.Get<QuestionRepository>().ListAsync(BotTestHost.TenantId, default)).Single();
        Assert.Equal([BotTestHost.Promoter.AadObjectId], stored.AssigneeIds);
    }

    [Fact]
    public async Task A_change_whose_messages_were_never_queued_is_finished_by_the_next_deadline_check()
    {
        var id = await AskAsync("再起動をまたぐ質問");
        // As an instance that stored the answer and stopped before queuing anything leaves it.
        var now = host.Clock.GetUtcNow();
        await host.Get<QuestionRepository>().UpdateAsync<bool>(BotTestHost.TenantId, id, q =>
            ((q with { Status = QuestionStatus.Answered, AnsweredBy = BotTestHost.EnglishStaff.AadObjectId, Answer = "Stored, not sent." })
                .With(new QuestionEvent(now, BotTestHost.EnglishStaff.AadObjectId, "answered", "Stored, not sent.")), true), false, default);
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.DoesNotContain(host.SentTo(BotTestHost.Staff), c => c.AllText.Contains("Stored, not sent.", StringComparison.Ordinal));

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await Task.WhenAll(host.Get<QuestionService>().CheckDeadlinesAsync(default), host.Get<QuestionService>().CheckDeadlinesAsync(default));
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        Assert.Single(host.SentTo(BotTestHost.Staff), c => c.AllText.Contains("Stored, not sent.", StringComparison.Ordinal));
        Assert.Equal(0, (await QuestionAsync(id))!.NoticesOwed);
    }

    private async Task<string> SolvedQuestionAsync(string text, string answer)
    {
        var id = await AskAsync(text);
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = QuestionCards.AnswerVerb, questionId = id, answer });
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.SolvedVerb, questionId = id });
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        return id;
    }

    [Fact]
    public async Task A_solved_answer_goes_into_the_FAQ_and_the_next_similar_question_is_answered_without_asking()
    {
        var id = await SolvedQuestionAsync("経費精算の申請方法を教えてください", "メニューの「申請」から入力します。");
        Assert.Contains(host.SentTo(BotTestHost.EnglishStaff), c => c.AllText.Contains("Keep this answer in the FAQ?", StringComparison.Ordinal));

        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = FaqCards.AddVerb, questionId = id, faqQuestion = "経費精算の申請方法は？", faqAnswer = "メニューの「申請」から入力します。", companyWide = "true" });
        Assert.Contains("can't act on this question", host.SentTo(BotTestHost.EnglishStaff).Last().AllText); // publishing company-wide is for promoters
        await host.SubmitAsync(BotTestHost.Staff, new { verb = FaqCards.AddVerb, questionId = id, faqQuestion = "x", faqAnswer = "y" });
        Assert.Contains("権限がありません", host.SentTo(BotTestHost.Staff).Last().AllText);
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = FaqCards.AddVerb, questionId = id, faqQuestion = "経費精算の申請方法は？", faqAnswer = "メニューの「申請」から入力します。" });
        Assert.Contains("Added to your department's FAQ", host.SentTo(BotTestHost.EnglishStaff).Last().AllText);

        await host.SayAsync(BotTestHost.Staff, "よくある質問 経費");
        Assert.Contains("メニューの「申請」から入力します。", host.SentTo(BotTestHost.Staff).Last().AllText);

        // The next person of the department asking much the same sees the answer before sending.
        var before = host.SentTo(BotTestHost.EnglishStaff).Count;
        await host.SayAsync(BotTestHost.Staff, "経費精算の申請方法がわかりません");
        var draft = host.SentTo(BotTestHost.Staff).Last();
        Assert.Contains("似た質問の回答があります", draft.AllText);
        await host.SubmitAsync(BotTestHost.Staff, new { verb = FaqCards.SolvedByFaqVerb, faqId = id });
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Contains("質問は送っていません", host.SentTo(BotTestHost.Staff).Last().AllText);
        Assert.Equal(before, host.SentTo(BotTestHost.EnglishStaff).Count);
    }

    [Fact]
    public async Task The_FAQ_finds_English_entries_by_their_words_and_a_similar_English_question_sees_them()
    {
        var id = await SolvedQuestionAsync("How do I reset my expense app password?", "Use Forgot password on the sign-in page.");
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = FaqCards.AddVerb, questionId = id,
            faqQuestion = "How do I reset my expense app password?", faqAnswer = "Use Forgot password on the sign-in page." });

        await host.SayAsync(BotTestHost.Staff, "faq password reset");
        Assert.Contains("Use Forgot password on the sign-in page.", host.SentTo(BotTestHost.Staff).Last().AllText);
        await host.SayAsync(BotTestHost.Staff, "faq invoice template");
        Assert.Contains("見つかりませんでした", host.SentTo(BotTestHost.Staff).Last().AllText);

        await host.SayAsync(BotTestHost.Staff, "How can I reset the password of the expense app?");
        Assert.Contains("Use Forgot password on the sign-in page.", host.SentTo(BotTestHost.Staff).Last().AllText);
    }

    [Fact]
    public async Task Department_FAQ_stays_in_the_department_until_a_promoter_publishes_it()
    {
        var id = await SolvedQuestionAsync("在庫表の更新頻度は？", "毎朝9時に更新されます。");
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = FaqCards.AddVerb, questionId = id, faqQuestion = "在庫表の更新頻度は？", faqAnswer = "毎朝9時に更新されます。" });
        await host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, SecondKeyUser.AadObjectId, p => p with { DepartmentId = plant }, default);

        await host.SayAsync(SecondKeyUser, "faq 在庫表");
        Assert.Contains("見つかりませんでした", host.SentTo(SecondKeyUser).Last().AllText);

        // The promoters get the key user's entry, to check and publish company-wide from that card.
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        var offer = host.SentTo(BotTestHost.Promoter).Last();
        Assert.Contains("部署のFAQに追加されました", offer.AllText);
        Assert.Contains("Alex Smith さんが部署のFAQに追加しました", offer.AllText);
        Assert.Contains("全社", offer.AllText);
        var data = offer.Card!["actions"]![0]!["data"]!;
        Assert.Equal((FaqCards.AddVerb, id), (data["verb"]!.GetValue<string>(), data["questionId"]!.GetValue<string>()));

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = FaqCards.AddVerb, questionId = id, faqQuestion = "在庫表の更新頻度は？", faqAnswer = "毎朝9時に更新されます。", companyWide = "true" });
        Assert.Contains("全社のFAQに追加しました", host.SentTo(BotTestHost.Promoter).Last().AllText);
        await host.SayAsync(SecondKeyUser, "faq 在庫表");
        Assert.Contains("毎朝9時に更新されます。", host.SentTo(SecondKeyUser).Last().AllText);
    }

    [Fact]
    public async Task The_asker_can_say_which_tool_the_question_is_about()
    {
        await host.Get<TeamsDxBot.Initiatives.InitiativeRepository>().AddAsync(new TeamsDxBot.Initiatives.Initiative
        {
            TenantId = BotTestHost.TenantId, Id = "expense", Name = "経費精算システム", DepartmentIds = [sales],
            GoLive = new DateOnly(2026, 11, 1), TargetDate = new DateOnly(2027, 2, 1),
        }, default);
        await host.Get<TeamsDxBot.Initiatives.InitiativeRepository>().AddAsync(new TeamsDxBot.Initiatives.Initiative
        {
            TenantId = BotTestHost.TenantId, Id = "mes", Name = "生産管理", DepartmentIds = [plant],
            GoLive = new DateOnly(2026, 11, 1), TargetDate = new DateOnly(2027, 2, 1),
        }, default);

        await host.SayAsync(BotTestHost.Staff, "申請画面が開きません");
        var draft = host.SentTo(BotTestHost.Staff).Last().AllText;
        Assert.Contains("経費精算システム", draft);
        Assert.DoesNotContain("生産管理", draft); // another department's tool

        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.SendVerb, text = "申請画面が開きません", urgent = "false", initiativeId = "mes" });
        Assert.Contains("選んだツールが見つかりません", host.SentTo(BotTestHost.Staff).Last().AllText);

        await host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.SendVerb, text = "申請画面が開きません", urgent = "false", initiativeId = "expense" });
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        var card = host.SentTo(BotTestHost.EnglishStaff).Last().AllText;
        Assert.Contains("申請画面が開きません", card);
        Assert.Contains("経費精算システム", card);
    }

    [Fact]
    public async Task Deadlines_follow_the_departments_own_time_zone()
    {
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = TeamsDxBot.Directory.DirectoryCards.DepartmentTimeZoneVerb, departmentId = sales, timeZone = "Mars/Olympus" });
        Assert.Contains("そのタイムゾーンはありません", host.SentTo(BotTestHost.Promoter).Last().AllText);
        await host.SubmitAsync(BotTestHost.Staff, new { verb = TeamsDxBot.Directory.DirectoryCards.DepartmentTimeZoneVerb, departmentId = sales, timeZone = "UTC" });
        Assert.Contains("権限がありません", host.SentTo(BotTestHost.Staff).Last().AllText);

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = TeamsDxBot.Directory.DirectoryCards.DepartmentTimeZoneVerb, departmentId = sales, timeZone = "America/New_York" });
        Assert.Equal("America/New_York", (await host.Get<DepartmentRepository>().GetAsync(BotTestHost.TenantId, sales, default))!.TimeZone);

        // The key user works from Los Angeles (their Teams time zone, as a chat with the bot records it).
        await host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, BotTestHost.EnglishStaff.AadObjectId, p => p with { TimeZone = "America/Los_Angeles" }, default);
        var id = await AskAsync("ニューヨーク時間の質問");
        // Asked Monday 20:00 EST (after hours): 9 business hours = Tuesday 09:00–18:00 EST = Tuesday 23:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 23, 0, 0, TimeSpan.Zero), (await QuestionAsync(id))!.DueAt);
        // Each reads it on their own clock: the asker's Teams says Tokyo, the key user's Los Angeles.
        Assert.Contains("11/25（水）08:00 ごろまでに回答", host.SentTo(BotTestHost.Staff).Last().AllText);
        Assert.Contains("Tue 11/24 15:00", host.SentTo(BotTestHost.EnglishStaff).Last(c => c.AllText.Contains("ニューヨーク時間の質問", StringComparison.Ordinal)).AllText);
    }
}
