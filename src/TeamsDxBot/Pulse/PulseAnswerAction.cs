using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Pulse;

public sealed class PulseAnswerAction(PulseAnswers answers, string verb) : ICardAction
{
    public string Verb => verb;
    public Role RequiredRole => Role.Staff;

    public Task RunAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        verb == PulseCards.AnswerVerb ? answers.SubmitAsync(request, data, ct) : answers.EditAsync(request, data, ct);
}
