namespace TeamsDxBot.Bot;

public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>
    /// Hosts the bot may send its token to. Conversation references from other service URLs are not
    /// stored. "*." prefixes match subdomains. Development adds loopback for the Agents Playground.
    /// </summary>
    public List<string> AllowedServiceUrlHosts { get; set; } = ["smba.trafficmanager.net", "*.botframework.com", "*.teams.microsoft.com"];
}
