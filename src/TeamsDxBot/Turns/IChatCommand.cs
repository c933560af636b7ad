namespace TeamsDxBot.Turns;

/// <summary>A chat command, typed in Japanese or English ("help", "ヘルプ").</summary>
public interface IChatCommand
{
    /// <summary>Canonical English name, also the manifest command title in en-US.</summary>
    string Name { get; }

    /// <summary>Every word that invokes it (case-insensitive), the Japanese ones included.</summary>
    IReadOnlyList<string> Aliases { get; }

    /// <summary>Role the command is listed for in help; anyone may run Staff commands.</summary>
    Role Audience { get; }

    /// <summary>Resource key of the command word as shown in help ("ヘルプ" / "help").</summary>
    string DisplayKey { get; }

    /// <summary>Resource key of the one-line description shown in help.</summary>
    string DescriptionKey { get; }

    /// <summary>Order in the help card.</summary>
    int Order { get; }

    Task RunAsync(TurnRequest request, string arguments, CancellationToken ct);
}
