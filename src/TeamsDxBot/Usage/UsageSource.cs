namespace TeamsDxBot.Usage;

/// <summary>Where stored usage came from, kept on each row: the promoter who pasted it or the API key that posted it.</summary>
public static class UsageSource
{
    public static string Chat(string aadObjectId) => "chat:" + aadObjectId;

    public static string Api(string keyId) => "api:" + keyId;

    /// <summary>True for a source of this kind; the id after the colon is never shown to people.</summary>
    public static bool IsApi(string source) => source.StartsWith("api:", StringComparison.Ordinal);

    /// <summary>Same check for chat imports, for the logs that tell the two apart.</summary>
    public static bool IsChat(string source) => source.StartsWith("chat:", StringComparison.Ordinal);
}
