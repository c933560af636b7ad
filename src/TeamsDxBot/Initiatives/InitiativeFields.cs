namespace TeamsDxBot.Initiatives;

/// <summary>The initiative card's values as read; null where a value could not be read (a problem to report).</summary>
internal sealed record InitiativeFields(string Name, DateOnly? GoLive, int? TargetPercent, DateOnly? TargetDate, IReadOnlyList<string> DepartmentIds, string NameEn = "", string? SignInAppId = "");
