using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace TeamsDxBot.Bot;

/// <summary>
/// CloudAdapter builds a new Bot Connector client for every incoming activity, and each client comes
/// with its own new JSON contract resolvers, so the first reply or card update of every turn works out
/// the serialization contracts of Activity and everything it holds again by reflection: ~12 ms of CPU
/// per answered survey (./scripts/bench.sh intake), more than all the bot's own work on the answer.
/// A contract resolver only caches what it worked out and is thread-safe, so each turn's client gets
/// one long-lived resolver configured exactly like its own; what is sent and read does not change.
/// </summary>
public sealed class SharedJsonContracts : Microsoft.Bot.Builder.IMiddleware
{
    private static readonly DefaultContractResolver Shared = new();

    public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        if (turnContext.TurnState.Get<IConnectorClient>() is { } client)
        {
            Share(client.SerializationSettings);
            Share(client.DeserializationSettings);
        }
        return next(cancellationToken);
    }

    internal static void Share(JsonSerializerSettings? settings)
    {
        if (settings?.ContractResolver is DefaultContractResolver own && IsLikeShared(own))
        {
            settings.ContractResolver = Shared;
        }
    }

    /// <summary>Only a plain resolver with default options is replaced; any other the SDK might use one day stays.</summary>
    private static bool IsLikeShared(DefaultContractResolver own) =>
        own.GetType() == typeof(DefaultContractResolver)
        && own.NamingStrategy is null
        && own.IgnoreSerializableAttribute == Shared.IgnoreSerializableAttribute
        && own.IgnoreSerializableInterface == Shared.IgnoreSerializableInterface
        && own.SerializeCompilerGeneratedMembers == Shared.SerializeCompilerGeneratedMembers
        && own.IgnoreIsSpecifiedMembers == Shared.IgnoreIsSpecifiedMembers
        && own.IgnoreShouldSerializeMembers == Shared.IgnoreShouldSerializeMembers;
}
