using TeamsDxBot.Resources;

namespace TeamsDxBot.Questions;

public static class QuestionMessages
{
    public static string For(QuestionResult result) => result switch
    {
        QuestionResult.Empty => nameof(Strings.Question_Empty),
        QuestionResult.TooLong => nameof(Strings.Question_TooLong),
        QuestionResult.NoOneToAsk => nameof(Strings.Question_NoOneToAsk),
        QuestionResult.NotFound => nameof(Strings.Question_NotFound),
        QuestionResult.NotAllowed => nameof(Strings.Question_NotAllowed),
        QuestionResult.AlreadyAnswered => nameof(Strings.Question_AlreadyAnswered),
        QuestionResult.Closed => nameof(Strings.Question_AlreadyClosed),
        QuestionResult.ClaimedByOther => nameof(Strings.Question_ClaimedByOther),
        QuestionResult.AlreadyYours => nameof(Strings.Question_AlreadyYours),
        QuestionResult.AnswerEmpty => nameof(Strings.Question_AnswerEmpty),
        QuestionResult.UnknownInitiative => nameof(Strings.Question_InitiativeUnknown),
        _ => nameof(Strings.Question_Updated),
    };
}
