namespace TeamsDxBot.Connector;

public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>
    /// Hosts the bot may send its token to. Conversation references from other service URLs are not
    /// stored. "*." prefixes match subdomains. Development adds loopback for the Agents Playground.
    /// </summary>
    public List<string> AllowedServiceUrlHosts { get; set; } = ["smba.trafficmanager.net", "*.botframework.com", "*.teams.microsoft.com"];

    /// <summary>
    /// Entra tenant ids whose people the bot serves; activities from any other tenant get no answer and
    /// leave nothing stored. Empty: the app's own tenant (MicrosoftAppTenantId) when set, otherwise the
    /// tenant in which a configured admin (Directory:Admins, by object id) first talks to the bot.
    /// </summary>
    public List<string> AllowedTenants { get; set; } = [];
}
