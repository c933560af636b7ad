namespace TeamsDxBot.Reports;

/// <summary>A pulse still collecting answers: how many of everyone invited have answered so far (counts only).</summary>
public sealed record RunProgress(DateOnly Date, int Answered, int Invited);
