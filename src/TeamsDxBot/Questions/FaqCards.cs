using Newtonsoft.Json.Linq;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Questions;

public static class FaqCards
{
    public const string AddVerb = "faq.add";
    public const string SolvedByFaqVerb = "faq.solved";
    public const string SkipVerb = "faq.skip";

    /// <summary>
    /// To the key user whose answer solved a question: keep it for others (editable first), or not. To the promoters,
    /// once a key user kept one for the department (<paramref name="savedBy"/>): publish it company-wide.
    /// </summary>
    /// <param name="answer">The entry's answer when it is not the question's whole thread (the one the key user kept).</param>
    public static JObject Offer(Texts t, Question q, bool canPublish, string? savedBy = null, string? answer = null) => Create(
        [
            Heading(t[savedBy is null ? nameof(Strings.Faq_OfferTitle) : nameof(Strings.Faq_PublishTitle)]),
            Text(savedBy is null ? t[nameof(Strings.Faq_OfferText)] : t.Format(nameof(Strings.Faq_PublishText), savedBy), subtle: true),
            TextInput("faqQuestion", t[nameof(Strings.Faq_Question)], q.Text, multiline: true, maxLength: Question.MaxLength,
                required: true, errorMessage: t[nameof(Strings.Question_AnswerEmpty)]),
            // The whole thread: after a follow-up the latest reply alone answers the follow-up, not the question.
            TextInput("faqAnswer", t[nameof(Strings.Faq_Answer)], answer ?? q.FullAnswer, multiline: true, maxLength: FaqEntry.MaxAnswerLength,
                required: true, errorMessage: t[nameof(Strings.Question_AnswerEmpty)]),
            canPublish
                ? Toggle("companyWide", t[nameof(Strings.Faq_CompanyWide)], savedBy is not null)
                : null,
        ],
        [
            Submit(t[nameof(Strings.Faq_Add)], AddVerb, new { questionId = q.Id }, style: "positive"),
            savedBy is null ? Submit(t[nameof(Strings.Faq_Skip)], SkipVerb, new { questionId = q.Id }, validateInputs: false) : null,
        ]);

    public static JObject Skipped(Texts t) => Create([Text(t[nameof(Strings.Faq_Skipped)], subtle: true)]);

    public static JObject Saved(Texts t, FaqEntry entry) => Create(
    [
        Heading(t[entry.CompanyWide ? nameof(Strings.Faq_SavedCompany) : nameof(Strings.Faq_SavedDepartment)]),
        Text(entry.Question, weight: "Bolder"),
        UserText(entry.Answer),
    ]);

    public static JObject Results(Texts t, string query, IReadOnlyList<FaqEntry> entries) => Create(
    [
        Title(t.Format(nameof(Strings.Faq_ResultsTitle), query)),
        entries.Count == 0 ? Text(t[nameof(Strings.Faq_NoResults)], subtle: true) : null,
        .. entries.Select(e => Container([Text(e.Question, weight: "Bolder"), UserText(e.Answer)], separator: true)),
    ]);

    /// <summary>Shown inside the question confirmation: answers that may already solve it.</summary>
    public static IEnumerable<JToken?> Suggestions(Texts t, IReadOnlyList<FaqEntry> entries) => entries.Count == 0
        ? []
        :
        [
            Text(t[nameof(Strings.Faq_SuggestionsTitle)], weight: "Bolder"),
            .. entries.Select(e => Container(
            [
                Text(e.Question, weight: "Bolder"),
                UserText(e.Answer, subtle: true),
                ActionSet([Submit(t[nameof(Strings.Faq_ThisSolvesIt)], SolvedByFaqVerb, new { faqId = e.Id }, validateInputs: false)]),
            ], style: "emphasis")),
        ];

    public static JObject SolvedByFaq(Texts t) => Create([Text(t[nameof(Strings.Faq_SolvedByFaq)])]);
}
