using Newtonsoft.Json.Linq;

namespace TeamsDxBot.Turns;

/// <summary>
/// The card buttons one class answers, named in one table at its top: each verb with the role it needs and
/// the method that runs it. A verb no table names reaches no method.
/// </summary>
public interface ICardVerbs
{
    IReadOnlyList<CardVerb> Verbs { get; }
}

/// <summary>One row of a verb table.</summary>
public sealed record CardVerb(string Verb, Role RequiredRole, Func<TurnRequest, JObject, CancellationToken, Task> Run) : ICardAction
{
    public Task RunAsync(TurnRequest request, JObject data, CancellationToken ct) => Run(request, data, ct);
}
