namespace TeamsDxBot.Demo;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seeds a small working programme on first start (local runs with the Agents Playground).</summary>
    public bool Seed { get; set; }

    public string TenantId { get; set; } = "";

    public List<string> Departments { get; set; } = [];

    public List<DemoPerson> People { get; set; } = [];

    public string InitiativeName { get; set; } = "";
}
