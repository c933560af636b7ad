using Newtonsoft.Json.Linq;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Questions;
using TeamsDxBot.Resources;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Usage;

public static class MeasuredNudgeCards
{
    /// <summary>
    /// The note to someone who never started or has lapsed. Its box is the question feature's own send
    /// button, so what they write becomes a question routed to their department's key users.
    /// </summary>
    public static JObject Note(Texts t, Initiative initiative, UsageStanding standing, DateOnly? lastActive, IReadOnlyList<string> keyUsers)
    {
        var tool = initiative.NameFor(t.IsEnglish);
        return Create(
            [
                Heading(t.Format(nameof(Strings.Nudge_MeasuredTitle), tool)),
                Text(standing == UsageStanding.Lapsed && lastActive is { } last
                    ? t.Format(nameof(Strings.Nudge_MeasuredLapsed), tool, Formats.Day(t, last))
                    : t.Format(nameof(Strings.Nudge_MeasuredNeverStarted), tool)),
                Text(keyUsers.Count > 0
                    ? t.Format(nameof(Strings.Nudge_MeasuredAskKeyUser), string.Join(", ", keyUsers))
                    : t[nameof(Strings.Nudge_MeasuredAskNoKeyUser)]),
                TextInput("text", t[nameof(Strings.Nudge_AskLabel)], maxLength: Question.MaxLength, multiline: true, required: true,
                    errorMessage: t[nameof(Strings.Nudge_AskRequired)], placeholder: t[nameof(Strings.Nudge_AskPlaceholder)]),
            ],
            [Submit(t[nameof(Strings.Nudge_Ask)], QuestionCards.SendVerb, new { initiativeId = initiative.Id, urgent = "false" }, style: "positive")]);
    }
}
