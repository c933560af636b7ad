namespace TeamsDxBot.Questions;

public enum QuestionResult
{
    Done,
    Empty,
    TooLong,
    NoOneToAsk,
    NotFound,
    NotAllowed,
    AlreadyAnswered,
    Closed,
    ClaimedByOther,
    AlreadyYours,
    AnswerEmpty,
    UnknownInitiative,
}
