using TeamsDxBot.Turns;

namespace TeamsDxBot.Demo;

public sealed class DemoPerson
{
    public string AadObjectId { get; set; } = "";
    public string TeamsUserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    /// <summary>Index into <see cref="DemoOptions.Departments"/>.</summary>
    public int Department { get; set; }
    public string Role { get; set; } = "Staff";
}
