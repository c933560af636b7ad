using TeamsDxBot.Turns;

namespace TeamsDxBot.Pulse;

/// <summary>Sending a survey's answers, opening them again to change them while the run is open, and bringing the survey back from <c>pulse</c>.</summary>
public sealed class PulseAnswerActions(PulseAnswers answers) : ICardVerbs
{
    public IReadOnlyList<CardVerb> Verbs =>
    [
        new(PulseCards.AnswerVerb, Role.Staff, answers.SubmitAsync),
        new(PulseCards.EditVerb, Role.Staff, answers.EditAsync),
        new(PulseCards.OpenSurveyVerb, Role.Staff, answers.OpenAsync),
    ];
}
