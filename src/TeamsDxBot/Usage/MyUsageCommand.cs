using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Usage;

/// <summary>
/// 利用状況 / usage (also "my usage"): the person's own active days per week and last active day, per
/// initiative. Only the asker's own rows are read; whatever follows the command is ignored, so no
/// argument can name somebody else. Promoters, executives and key users then get the department
/// figures they may see (<see cref="MyUsageDepartments"/>).
/// </summary>
public sealed class MyUsageCommand(MyUsage usage, MyUsageDepartments departments)
    : ChatCommand("usage", nameof(Strings.Usage_Command), nameof(Strings.Usage_CommandHelp), Role.Staff, 42, "my usage", "myusage", "my-usage")
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        await request.ReplyAsync(UsageCards.Own(request.T, await usage.ReadAsync(request.Person, ct)), ct);
        foreach (var card in await departments.CardsAsync(request.User, ct))
        {
            await request.ReplyAsync(card, ct);
        }
    }
}
