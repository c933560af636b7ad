using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

/// <summary>One change in a question's history, with what telling people about it needs: who is who, the department's name, each reader's clock.</summary>
internal sealed record ChangeNotice(Question Q, int Index, IReadOnlyDictionary<string, Person> ById, string? Department, Func<Person, TimeZoneInfo> ZoneOf)
{
    public QuestionEvent Change => Q.History[Index];

    public string Message => EventMessage(Q.Id, Index);

    public string ActorName => ById.GetValueOrDefault(Change.Actor)?.DisplayName ?? "";

    public IReadOnlyList<Person> Of(IEnumerable<string> ids) => ids.Select(ById.GetValueOrDefault).OfType<Person>().ToList();

    /// <summary>The first change keeps the plain id: the cards sent for it are the ones most updates rewrite.</summary>
    public static string EventMessage(string questionId, int index) => index == 0 ? $"question:{questionId}" : $"question:{questionId}:e{index}";
}
