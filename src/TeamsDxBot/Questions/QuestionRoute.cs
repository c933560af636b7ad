using TeamsDxBot.Directory;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

/// <summary>Who gets a question: the asker's department's key users, else the promoters.</summary>
public sealed record QuestionRoute(IReadOnlyList<Person> Assignees, Department? Department, bool ToPromoters);
