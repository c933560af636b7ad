using Newtonsoft.Json.Linq;
using TeamsDxBot.Cards;
using TeamsDxBot.Observability;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Bot;

public sealed class CardActionRouter(IEnumerable<ICardAction> actions, IEnumerable<ICardVerbs> tables, CommandRouter commands, ILogger<CardActionRouter> logger)
{
    private readonly Dictionary<string, ICardAction> byVerb = ByVerb(actions.Concat(tables.SelectMany(t => t.Verbs)));

    /// <summary>Every verb some handler answers (the command verb aside).</summary>
    public IReadOnlyCollection<string> Verbs => byVerb.Keys;

    public static bool IsCardSubmit(object? value, out JObject data)
    {
        data = value as JObject ?? (value is string s && s.TrimStart().StartsWith('{') ? TryParse(s) : null) ?? [];
        return data.ContainsKey(AdaptiveCard.VerbField);
    }

    public async Task RouteAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var verb = data.String(AdaptiveCard.VerbField) ?? "";
        if (verb == CardData.CommandVerb)
        {
            if (!await commands.TryRunAsync(request, data.String("command"), ct))
            {
                await request.ReplyAsync(request.T[nameof(Strings.Error_CardOutdated)], ct);
            }
            return;
        }
        if (!byVerb.TryGetValue(verb, out var action))
        {
            Telemetry.Tag(Telemetry.OutcomeTag, "unknown-verb");
            logger.LogWarning("Unknown card verb {Verb}", verb);
            await request.ReplyAsync(request.T[nameof(Strings.Error_CardOutdated)], ct);
            return;
        }
        Telemetry.Tag(Telemetry.VerbTag, verb);
        if (!request.User.MayUse(action.RequiredRole))
        {
            Telemetry.Tag(Telemetry.OutcomeTag, "refused");
            logger.LogWarning("Refused card action {Verb} for {Person} without role {Role}", verb, request.Person.AadObjectId, action.RequiredRole);
            await request.ReplyAsync(request.T[nameof(Strings.Error_NotAllowed)], ct);
            return;
        }
        if (CardIds.FirstUnusable(data) is { } field)
        {
            // No card the bot sent carries such an id: it names nothing, and storage would refuse it as a key.
            logger.LogWarning("Refused card action {Verb} with an unusable {Field}", verb, field);
            await request.ReplyAsync(request.T[nameof(Strings.Error_CardOutdated)], ct);
            return;
        }
        await action.RunAsync(request, data, ct);
    }

    /// <summary>One handler per verb: a verb two handlers name would make a press run whichever came first.</summary>
    private static Dictionary<string, ICardAction> ByVerb(IEnumerable<ICardAction> all)
    {
        var byVerb = new Dictionary<string, ICardAction>(StringComparer.Ordinal);
        foreach (var action in all)
        {
            if (!byVerb.TryAdd(action.Verb, action))
            {
                throw new InvalidOperationException($"The card verb '{action.Verb}' is named by two handlers.");
            }
        }
        return byVerb;
    }

    private static JObject? TryParse(string s)
    {
        try
        {
            return JObject.Parse(s);
        }
        catch (Newtonsoft.Json.JsonReaderException)
        {
            return null;
        }
    }
}
