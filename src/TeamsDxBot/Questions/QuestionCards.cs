using Newtonsoft.Json.Linq;
using TeamsDxBot.Anonymity;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Questions;

public static class QuestionCards
{
    public const string SendVerb = "question.send";
    public const string CancelVerb = "question.cancel";
    public const string ClaimVerb = "question.claim";
    public const string AnswerVerb = "question.answer";
    public const string SolvedVerb = "question.solved";
    public const string StuckVerb = "question.stuck";
    public const string ReassignFormVerb = "question.reassignForm";
    public const string ReassignVerb = "question.reassign";
    public const string NotAQuestionVerb = "question.notAQuestion";
    public const string ExtendVerb = "question.extend";
    public const string OpenVerb = "question.open";

    /// <summary>Marks a press made on a row of the <c>questions</c> list (the answer is the list again, as it is now).</summary>
    public const string FromList = "list";

    private const int MaxListed = 20;

    /// <summary>Something not set (no department, no tool, nobody handling it yet) says so instead of showing a dash.</summary>
    public static string OrNotSet(Texts t, string? value) => string.IsNullOrWhiteSpace(value) ? t[nameof(Strings.Question_NotSet)] : value;

    /// <summary>
    /// The id of a row's own input in the list (the rows share one card, so ids must differ); the handlers read it
    /// when the plain field (the question's own card) is absent.
    /// </summary>
    public static string RowInput(string field, string questionId) => $"{field}_{questionId}";

    /// <summary>A time on the reader's own clock, so no zone is named.</summary>
    private static string When(Texts t, DateTimeOffset at, TimeZoneInfo zone) => Formats.When(t, at, zone);

    /// <summary>A time to answer in business time: whole business days when it is that, else business hours.</summary>
    public static string BusinessTime(Texts t, TimeSpan amount, TimeSpan businessDay) =>
        businessDay > TimeSpan.Zero && amount == businessDay ? t[nameof(Strings.Question_BusinessDay)]
        : businessDay > TimeSpan.Zero && amount.Ticks % businessDay.Ticks == 0
            ? t.Format(nameof(Strings.Question_BusinessDays), amount.Ticks / businessDay.Ticks)
            : t.Format(nameof(Strings.Question_BusinessHours), amount.TotalHours.ToString("0.#", t.Culture));

    /// <param name="urgentDue">The answer time an urgent question gets, as <see cref="BusinessTime"/> says it.</param>
    public static JObject Confirm(Texts t, string text, IReadOnlyList<string> names, string? department, bool toPromoters, string urgentDue,
        IReadOnlyList<FaqEntry>? similar = null, IReadOnlyList<(string Name, string Id)>? initiatives = null) => Create(
        [
            .. FaqCards.Suggestions(t, similar ?? []),
            Heading(t[nameof(Strings.Question_ConfirmTitle)]),
            Container([UserText(text)], style: "emphasis"),
            Text(toPromoters
                ? t.Format(nameof(Strings.Question_ConfirmToPromoter), string.Join(", ", names))
                : t.Format(nameof(Strings.Question_ConfirmTo), string.Join(", ", names), OrNotSet(t, department))),
            initiatives is { Count: > 0 }
                ? ChoiceSet("initiativeId", t[nameof(Strings.Question_Initiative)], initiatives, placeholder: t[nameof(Strings.Question_InitiativeNone)])
                : null,
            Toggle("urgent", t.Format(nameof(Strings.Question_Urgent), urgentDue), false),
        ],
        [
            Submit(t[nameof(Strings.Question_Send)], SendVerb, new { text }, style: "positive"),
            Submit(t[nameof(Strings.Question_Cancel)], CancelVerb, validateInputs: false),
        ]);

    public static JObject Sent(Texts t, Question q, IReadOnlyList<string> names, TimeZoneInfo zone) => Create(
    [
        Heading(t[nameof(Strings.Question_SentTitle)]),
        Container([UserText(q.Text)], style: "emphasis"),
        Text(t.Format(nameof(Strings.Question_Sent), string.Join(", ", names), When(t, q.DueAt, zone))),
    ]);

    public static JObject Cancelled(Texts t) => Create([Text(t[nameof(Strings.Question_Cancelled)], subtle: true)]);

    /// <param name="handedOnBy">Who handed the question to this person, and why.</param>
    /// <param name="claimedByYou">The reader pressed 対応します: the same card, saying so, without that button.</param>
    public static JObject ForAssignee(Texts t, Question q, string? department, TimeZoneInfo zone, (string By, string Reason)? handedOnBy = null,
        bool claimedByYou = false)
    {
        var followUp = q.LastFollowUp;
        return Create(
            [
                Heading(t[followUp is null ? nameof(Strings.Question_ForYouTitle) : nameof(Strings.Question_FollowUpTitle)]),
                Facts(
                [
                    (t[nameof(Strings.Question_Asker)], OrNotSet(t, q.AskerName)),
                    (t[nameof(Strings.Question_Department)], OrNotSet(t, department)),
                    (t[nameof(Strings.Question_Initiative)], OrNotSet(t, q.InitiativeName)),
                    (t[nameof(Strings.Question_Asked)], When(t, q.CreatedAt, zone)),
                    (t[nameof(Strings.Question_Due)], When(t, q.DueAt, zone) + (q.Urgent ? " " + t[nameof(Strings.Question_UrgentMark)] : "")),
                ]),
                handedOnBy is { } from ? Text(t.Format(nameof(Strings.Question_HandedOnFrom), from.By, from.Reason), weight: "Bolder") : null,
                Container([UserText(q.Text)], style: "emphasis"),
                followUp is null ? null : Text(t.Format(nameof(Strings.Question_FollowUpText), followUp), weight: "Bolder"),
                claimedByYou ? Text(t[nameof(Strings.Question_YouClaimed)], color: "Good") : null,
                TextInput("answer", t[nameof(Strings.Question_AnswerLabel)], multiline: true, maxLength: Question.MaxLength,
                    required: true, errorMessage: t[nameof(Strings.Question_AnswerEmpty)]),
            ],
            [
                Submit(t[nameof(Strings.Question_AnswerButton)], AnswerVerb, new { questionId = q.Id }, style: "positive"),
                claimedByYou ? null : Submit(t[nameof(Strings.Question_Claim)], ClaimVerb, new { questionId = q.Id }, validateInputs: false),
                Submit(t[nameof(Strings.Question_Reassign)], ReassignFormVerb, new { questionId = q.Id }, validateInputs: false),
                Submit(t[nameof(Strings.Question_NotAQuestion)], NotAQuestionVerb, new { questionId = q.Id }, validateInputs: false),
            ]);
    }

    public static JObject ReassignForm(Texts t, Question q, IEnumerable<(string Name, string Id)> candidates) => Create(
        [
            Heading(t[nameof(Strings.Question_ReassignTitle)]),
            Container([UserText(q.Text)], style: "emphasis"),
            ChoiceSet("to", t[nameof(Strings.Question_ReassignTo)], candidates, required: true, errorMessage: t[nameof(Strings.Question_ReassignPick)]),
            TextInput("reason", t[nameof(Strings.Question_ReassignReason)], maxLength: 200, required: true, errorMessage: t[nameof(Strings.Question_ReassignReasonRequired)]),
        ],
        [Submit(t[nameof(Strings.Question_Reassign)], ReassignVerb, new { questionId = q.Id }, style: "positive")]);

    public static JObject Reassigned(Texts t, Question q) => Create(
    [
        Heading(t[nameof(Strings.Question_ForYouTitle)]),
        Container([UserText(q.Text)], style: "emphasis"),
        Text(t[nameof(Strings.Question_ReassignedTo)], color: "Good"),
    ]);

    public static JObject Dismissed(Texts t, Question q) => Create(
    [
        Heading(t[nameof(Strings.Question_DismissedTitle)]),
        Container([UserText(q.Text)], style: "emphasis"),
    ]);

    /// <summary>To the asker, when a key user closed their message as not being a question.</summary>
    public static JObject DismissedForAsker(Texts t, Question q, string by, string? note) => Create(
    [
        Heading(t.Format(nameof(Strings.Question_DismissedForAsker), by)),
        Container([UserText(q.Text, subtle: true)], style: "emphasis"),
        string.IsNullOrWhiteSpace(note) ? null : UserText(note),
    ]);

    /// <summary>To the promoters: an unanswered question went past its due time. They can answer it themselves.</summary>
    /// <param name="extendBy">How much more time 期限を延ばす gives, as <see cref="BusinessTime"/> says it.</param>
    public static JObject Escalated(Texts t, Question q, string? department, TimeZoneInfo zone, string extendBy)
    {
        var card = ForAssignee(t, q, department, zone);
        ((JArray)card["body"]!).Insert(0, Text(t[nameof(Strings.Question_EscalatedNote)], color: "Attention", weight: "Bolder"));
        ((JArray)card["actions"]!).Add(Submit(t.Format(nameof(Strings.Question_Extend), extendBy), ExtendVerb, new { questionId = q.Id }, validateInputs: false));
        return card;
    }

    /// <summary>To the asker: their question was not answered in time and went to the promoters.</summary>
    public static JObject EscalatedForAsker(Texts t, Question q) => Create(
    [
        Heading(t[nameof(Strings.Question_EscalatedForAsker)]),
        Container([UserText(q.Text, subtle: true)], style: "emphasis"),
    ]);

    /// <summary>Every assignee's copy of the question, once the asker said it is solved.</summary>
    public static JObject ClosedForAssignee(Texts t, Question q) => Create(
    [
        Heading(t[nameof(Strings.Question_ClosedForAssignee)]),
        Container([UserText(q.Text)], style: "emphasis"),
        UserText(q.FullAnswer, subtle: true),
    ]);

    public static JObject Extended(Texts t, Question q, TimeZoneInfo zone) => Create(
    [
        Heading(t[nameof(Strings.Question_ForYouTitle)]),
        Container([UserText(q.Text)], style: "emphasis"),
        Text(t.Format(nameof(Strings.Question_ExtendedTo), When(t, q.DueAt, zone)), color: "Good"),
    ]);

    /// <summary>To the assignees, once, shortly before the due time.</summary>
    public static JObject Reminder(Texts t, Question q, string? department, TimeZoneInfo zone)
    {
        var card = ForAssignee(t, q, department, zone);
        ((JArray)card["body"]!).Insert(0, Text(t.Format(nameof(Strings.Question_ReminderNote), When(t, q.DueAt, zone)), color: "Warning", weight: "Bolder"));
        return card;
    }

    /// <summary>What someone else did with a question this person also got.</summary>
    public enum Taken
    {
        Claimed,
        Answered,
        HandedOn,
        Dismissed,
    }

    /// <param name="by">Who did it; for <see cref="Taken.HandedOn"/>, who has it now.</param>
    public static JObject TakenByOther(Texts t, Question q, string by, Taken what) => Create(
    [
        Heading(t[nameof(Strings.Question_ForYouTitle)]),
        Container([UserText(q.Text)], style: "emphasis"),
        Text(t.Format(what switch
        {
            Taken.Answered => nameof(Strings.Question_AnsweredBy),
            Taken.HandedOn => nameof(Strings.Question_HandedOnTo),
            Taken.Dismissed => nameof(Strings.Question_DismissedBy),
            _ => nameof(Strings.Question_ClaimedBy),
        }, by), color: "Good"),
    ]);

    /// <summary>
    /// After 対応します: the question card as it was (asker, due time, 担当を変える stay, since the claimer still
    /// needs them), saying it is theirs now.
    /// </summary>
    public static JObject Claimed(Texts t, Question q, string? department = null, TimeZoneInfo? zone = null) =>
        ForAssignee(t, q, department, zone ?? TimeZoneInfo.Utc, claimedByYou: true);

    /// <summary>After answering: the answer as sent, and room to add to it until the asker closes the question.</summary>
    public static JObject AnsweredByYou(Texts t, Question q) => Create(
        [
            Heading(t[nameof(Strings.Question_AnsweredTitle)]),
            Container([UserText(q.Text)], style: "emphasis"),
            UserText(q.Answer),
            Text(t[nameof(Strings.Question_AnswerDelivered)], subtle: true),
            TextInput("answer", t[nameof(Strings.Question_AddReplyLabel)], multiline: true, maxLength: Question.MaxLength,
                required: true, errorMessage: t[nameof(Strings.Question_AnswerEmpty)]),
        ],
        [Submit(t[nameof(Strings.Question_AddReply)], AnswerVerb, new { questionId = q.Id })]);

    /// <param name="answer">What to show as the answer: the latest reply when it is delivered, the whole thread when the asker opens it again.</param>
    public static JObject AnswerForAsker(Texts t, Question q, string answerer, string? answer = null) => Create(
        [
            Heading(t.Format(nameof(Strings.Question_AnswerFrom), answerer)),
            Container([UserText(q.Text, subtle: true)], style: "emphasis"),
            UserText(answer ?? q.Answer),
            TextInput("followUp", t[nameof(Strings.Question_FollowUpLabel)], multiline: true, maxLength: Question.MaxLength),
        ],
        [
            Submit(t[nameof(Strings.Question_Solved)], SolvedVerb, new { questionId = q.Id }, style: "positive", validateInputs: false),
            Submit(t[nameof(Strings.Question_Stuck)], StuckVerb, new { questionId = q.Id }),
        ]);

    /// <summary>
    /// The <c>questions</c> list: each question with its state, due time (overdue marked) and answer, and the
    /// buttons its reader may press on it (<paramref name="actionsOf"/>; none when not given).
    /// </summary>
    public static JObject List(Texts t, string title, IReadOnlyList<Question> questions, DateTimeOffset now, Func<string, string> nameOf, TimeZoneInfo zone,
        Func<Question, QuestionRowActions>? actionsOf = null) => Create(
    [
        Title(title),
        questions.Count == 0 ? Text(t[nameof(Strings.Questions_None)], subtle: true) : null,
        .. questions.Take(MaxListed).Select(q => Row(t, q, now, nameOf, zone, actionsOf?.Invoke(q) ?? QuestionRowActions.None)),
        questions.Count > MaxListed ? Text(t.Format(nameof(Strings.Questions_More), questions.Count - MaxListed), subtle: true) : null,
    ]);

    private static JObject Row(Texts t, Question q, DateTimeOffset now, Func<string, string> nameOf, TimeZoneInfo zone, QuestionRowActions actions)
    {
        var overdue = q.IsOpenForAnswer && q.DueAt < now;
        var answer = q.Status is QuestionStatus.Answered or QuestionStatus.Reopened or QuestionStatus.Closed ? q.FullAnswer : null;
        var buttons = RowButtons(t, q, actions).ToList();
        return Container(
        [
            Text(q.Text, weight: "Bolder"),
            Text(t.Format(nameof(Strings.Questions_Line), t[StatusKey(q.Status)], OrNotSet(t, nameOf(q.AskerId)),
                OrNotSet(t, q.ClaimedBy is null ? null : nameOf(q.ClaimedBy)), When(t, q.DueAt, zone)),
                subtle: true, color: overdue ? "Attention" : null),
            overdue ? Text(t[nameof(Strings.Questions_Overdue)], color: "Attention", weight: "Bolder") : null,
            string.IsNullOrWhiteSpace(answer) ? null : Text(t[nameof(Strings.Question_AnswerLabel)], weight: "Bolder"),
            string.IsNullOrWhiteSpace(answer) ? null : UserText(answer),
            q.Status == QuestionStatus.Reopened && q.LastFollowUp is { } followUp ? Text(t.Format(nameof(Strings.Question_FollowUpText), followUp)) : null,
            buttons.Count == 0 ? null : ActionSet(buttons),
        ], separator: true);
    }

    /// <summary>The row's buttons carry the same verbs as the question's own cards; the handlers check again who may press them.</summary>
    private static IEnumerable<JToken> RowButtons(Texts t, Question q, QuestionRowActions actions)
    {
        var data = new { questionId = q.Id, from = FromList };
        if (actions.HasFlag(QuestionRowActions.Resolve))
        {
            yield return Submit(t[nameof(Strings.Question_Solved)], SolvedVerb, data, style: "positive", validateInputs: false);
            yield return ShowCard(t[nameof(Strings.Question_Stuck)],
                TextInput(RowInput("followUp", q.Id), t[nameof(Strings.Question_FollowUpLabel)], multiline: true, maxLength: Question.MaxLength,
                    required: true, errorMessage: t[nameof(Strings.Question_AnswerEmpty)]),
                Submit(t[nameof(Strings.Question_Send)], StuckVerb, data));
        }
        if (actions.HasFlag(QuestionRowActions.Answer))
        {
            yield return ShowCard(t[nameof(Strings.Question_AnswerButton)],
                TextInput(RowInput("answer", q.Id), t[nameof(Strings.Question_AnswerLabel)], multiline: true, maxLength: Question.MaxLength,
                    required: true, errorMessage: t[nameof(Strings.Question_AnswerEmpty)]),
                Submit(t[nameof(Strings.Question_Send)], AnswerVerb, data, style: "positive"));
        }
        if (actions.HasFlag(QuestionRowActions.Claim))
        {
            yield return Submit(t[nameof(Strings.Question_Claim)], ClaimVerb, data, validateInputs: false);
        }
        if (actions.HasFlag(QuestionRowActions.Open))
        {
            yield return Submit(t[nameof(Strings.Question_Open)], OpenVerb, data, validateInputs: false);
        }
    }

    /// <summary>A button that unfolds a small form under the row (one text box and its send button).</summary>
    private static JObject ShowCard(string title, JObject input, JObject submit) => new()
    {
        ["type"] = "Action.ShowCard",
        ["title"] = title,
        ["card"] = new JObject
        {
            ["type"] = "AdaptiveCard",
            ["body"] = new JArray(input),
            ["actions"] = new JArray(submit),
        },
    };

    /// <summary>A question opened from the list when there is nothing left for this reader to press on it.</summary>
    internal static JObject View(Texts t, Question q, string? department, Func<string, string> nameOf, TimeZoneInfo zone) => Create(
    [
        Heading(t.Format(nameof(Strings.Question_ViewTitle), t[StatusKey(q.Status)])),
        Facts(
        [
            (t[nameof(Strings.Question_Asker)], OrNotSet(t, q.AskerName)),
            (t[nameof(Strings.Question_Department)], OrNotSet(t, department)),
            (t[nameof(Strings.Question_Initiative)], OrNotSet(t, q.InitiativeName)),
            (t[nameof(Strings.Question_Handler)], OrNotSet(t, q.ClaimedBy is null ? null : nameOf(q.ClaimedBy))),
            (t[nameof(Strings.Question_Asked)], When(t, q.CreatedAt, zone)),
            (t[nameof(Strings.Question_Due)], When(t, q.DueAt, zone)),
        ]),
        Container([UserText(q.Text)], style: "emphasis"),
        string.IsNullOrWhiteSpace(q.FullAnswer) ? null : Text(t[nameof(Strings.Question_AnswerLabel)], weight: "Bolder"),
        string.IsNullOrWhiteSpace(q.FullAnswer) ? null : UserText(q.FullAnswer),
    ]);

    /// <summary>For promoters: how each department and key user handles questions.</summary>
    public static JObject Measures(Texts t, IReadOnlyList<QuestionMeasure> departments, IReadOnlyList<QuestionMeasure> keyUsers, Func<string, string> departmentName,
        Func<string, string> personName, int anonymityThreshold) =>
        Create(MeasuresBody(t, departments, keyUsers, departmentName, personName, anonymityThreshold));

    /// <summary>The measures as card body items, also used inside the promoter's and executives' reports.</summary>
    public static IEnumerable<JToken?> MeasuresBody(Texts t, IReadOnlyList<QuestionMeasure> departments, IReadOnlyList<QuestionMeasure> keyUsers,
        Func<string, string> departmentName, Func<string, string> personName, int anonymityThreshold) =>
    [
        Heading(t[nameof(Strings.QuestionMeasures_Title)]),
        Text(t[nameof(Strings.QuestionMeasures_Departments)], weight: "Bolder"),
        departments.Count == 0 ? TooFew(t, anonymityThreshold)
            : Facts(departments.Select(m => (m.Key == GroupingPolicy.Other ? t.Format(nameof(Strings.Report_Other), anonymityThreshold) : departmentName(m.Key), Line(t, m)))),
        Text(t[nameof(Strings.QuestionMeasures_KeyUsers)], weight: "Bolder"),
        keyUsers.Count == 0 ? TooFew(t, anonymityThreshold)
            : Facts(keyUsers.Select(m => (m.Key == GroupingPolicy.Other ? t[nameof(Strings.QuestionMeasures_OtherKeyUsers)] : personName(m.Key), Line(t, m)))),
    ];

    private static JObject TooFew(Texts t, int anonymityThreshold) => Text(t.Format(nameof(Strings.QuestionMeasures_TooFew), anonymityThreshold), subtle: true);

    private static string Line(Texts t, QuestionMeasure m) => t.Format(nameof(Strings.QuestionMeasures_Line),
        m.Questions,
        m.MedianTimeToFirstAnswer is { } median ? median.TotalHours.ToString("0.0", t.Culture) : "-",
        m.AnsweredWithinDue is { } within ? (within * 100).ToString("0", t.Culture) : "-",
        m.ReopenRate is { } reopen ? (reopen * 100).ToString("0", t.Culture) : "-",
        m.Escalations);

    private static string StatusKey(QuestionStatus status) => status switch
    {
        QuestionStatus.Open => nameof(Strings.QuestionStatus_Open),
        QuestionStatus.Claimed => nameof(Strings.QuestionStatus_Claimed),
        QuestionStatus.Answered => nameof(Strings.QuestionStatus_Answered),
        QuestionStatus.Reopened => nameof(Strings.QuestionStatus_Reopened),
        _ => nameof(Strings.QuestionStatus_Closed),
    };

    public static JObject Resolved(Texts t, Question q) => Create(
    [
        Heading(t[q.Status == QuestionStatus.Closed ? nameof(Strings.Question_ClosedTitle) : nameof(Strings.Question_ReopenedTitle)]),
        Container([UserText(q.Text, subtle: true)], style: "emphasis"),
        UserText(q.FullAnswer),
    ]);
}
