using TeamsDxBot.Turns;

namespace TeamsDxBot.Pulse;

/// <summary>Sending a survey's answers, and opening them again to change them while the run is open.</summary>
public sealed class PulseAnswerActions(PulseAnswers answers) : ICardVerbs
{
    public IReadOnlyList<CardVerb> Verbs =>
    [
        new(PulseCards.AnswerVerb, Role.Staff, answers.SubmitAsync),
        new(PulseCards.EditVerb, Role.Staff, answers.EditAsync),
    ];
}
