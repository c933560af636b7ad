using System.Text;
using TeamsDxBot.Observability;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Bot;

public sealed class CommandRouter(IEnumerable<IChatCommand> commands, ILogger<CommandRouter> logger)
{
    private readonly IReadOnlyList<IChatCommand> all = commands.OrderBy(c => c.Order).ToList();

    private readonly IReadOnlyList<(string Phrase, IChatCommand Command)> phrases = commands
        .SelectMany(c => c.Aliases.Where(a => a.Contains(' ', StringComparison.Ordinal)).Select(a => (a, c)))
        .OrderByDescending(p => p.a.Length).ToList();

    public IReadOnlyList<IChatCommand> Commands => all;

    public IEnumerable<IChatCommand> AvailableTo(UserContext user) => all.Where(c => user.MayUse(c.Audience));

    /// <summary>Finds the command a message starts with; full-width letters and spaces count as their ASCII forms.</summary>
    public (IChatCommand? Command, string Arguments) Match(string? text)
    {
        var normalized = (text ?? "").Normalize(NormalizationForm.FormKC).Trim().TrimStart('/');
        if (normalized.Length == 0)
        {
            return (null, "");
        }
        // Some words are two ("get started"): they are tried before the first word alone.
        foreach (var (phrase, c) in phrases)
        {
            if (normalized.StartsWith(phrase, StringComparison.OrdinalIgnoreCase)
                && (normalized.Length == phrase.Length || char.IsWhiteSpace(normalized[phrase.Length])))
            {
                return (c, normalized[phrase.Length..].Trim());
            }
        }
        var split = normalized.IndexOfAny([' ', '\n', '\t']);
        var word = split < 0 ? normalized : normalized[..split];
        var rest = split < 0 ? "" : normalized[(split + 1)..].Trim();
        var command = all.FirstOrDefault(c => c.Aliases.Any(a => a.Equals(word, StringComparison.OrdinalIgnoreCase)));
        return (command, rest);
    }

    /// <summary>Runs the command named by the text; false when the text is not a command.</summary>
    public async Task<bool> TryRunAsync(TurnRequest request, string? text, CancellationToken ct)
    {
        var (command, arguments) = Match(text);
        if (command is null)
        {
            return false;
        }
        Telemetry.Tag(Telemetry.CommandTag, command.Name);
        if (!request.User.MayUse(command.Audience))
        {
            Telemetry.Tag(Telemetry.OutcomeTag, "refused");
            logger.LogWarning("Refused command {Command} for {Person} without role {Role}", command.Name, request.Person.AadObjectId, command.Audience);
            await request.ReplyAsync(request.T[command.Audience == Role.Promoter ? nameof(Strings.Error_PromotersOnly) : nameof(Strings.Error_NotAllowed)], ct);
            return true;
        }
        if (command is IListManagedByPromoters && arguments.Length > 0 && !request.User.IsPromoter)
        {
            // Showing the list would look as if "department add X" had worked.
            logger.LogInformation("Refused {Command} with arguments for {Person}, who is not a promoter", command.Name, request.Person.AadObjectId);
            await request.ReplyAsync(request.T[nameof(Strings.Error_PromotersOnly)], ct);
            return true;
        }
        await command.RunAsync(request, arguments, ct);
        return true;
    }
}
