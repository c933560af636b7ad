namespace TeamsDxBot.Directory;

public sealed class DirectoryOptions
{
    public const string Section = "Directory";

    /// <summary>
    /// Bootstrap promoters: Entra object ids or UPNs/emails. They hold the Promoter role from configuration,
    /// so a fresh installation always has someone who can set up departments and roles.
    /// </summary>
    public List<string> Admins { get; set; } = [];

    /// <summary>How often pending team rosters are read (installing the app in a team enrols its members).</summary>
    public TimeSpan RosterSyncInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an instance may hold a roster sync before another instance may take it over.</summary>
    public TimeSpan RosterSyncLease { get; set; } = TimeSpan.FromMinutes(5);
}
