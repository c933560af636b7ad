using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

public sealed class ProfileCommand(DepartmentRepository departments)
    : ChatCommand("profile", nameof(Strings.Command_Profile), nameof(Strings.Command_ProfileHelp), Role.Staff, 20)
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        var list = await departments.ListAsync(request.TenantId, ct);
        await request.ReplyAsync(DirectoryCards.Profile(request.T, request.Person, request.User.Roles, list), ct);
    }
}
