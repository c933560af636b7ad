using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Usage;

/// <summary>
/// 利用状況取り込み / import usage: the card where a promoter pastes per-person usage. The two-word form is
/// matched before the roster import's "import".
/// </summary>
public sealed class ImportUsageCommand(InitiativeService initiatives)
    : ChatCommand("import-usage", nameof(Strings.Usage_ImportCommand), nameof(Strings.Usage_ImportCommandHelp), Role.Promoter, 66,
        "import usage", "importusage", "usage-import", "usageimport")
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) =>
        await request.ReplyAsync(UsageCards.ImportForm(request.T, await initiatives.ListAsync(request.TenantId, ct)), ct);
}
