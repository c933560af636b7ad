namespace TeamsDxBot.Turns;

/// <summary>
/// Base for commands: the words in both languages come from the resources (DisplayKey), so the
/// Japanese and English command names cannot drift apart from what help shows.
/// </summary>
public abstract class ChatCommand(string name, string displayKey, string descriptionKey, Role audience, int order, params string[] extraAliases) : IChatCommand
{
    public string Name => name;
    public IReadOnlyList<string> Aliases { get; } =
        [name, Localization.Texts.Japanese[displayKey], Localization.Texts.English[displayKey], .. extraAliases];
    public Role Audience => audience;
    public string DisplayKey => displayKey;
    public string DescriptionKey => descriptionKey;
    public int Order => order;

    public abstract Task RunAsync(TurnRequest request, string arguments, CancellationToken ct);
}
