using Newtonsoft.Json.Linq;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Metrics;

/// <summary>Takes the key off the card once it has been copied; the chat history then no longer holds it.</summary>
public sealed class HideApiKeyAction : ICardAction
{
    public string Verb => MetricsCards.HideKeyVerb;
    public Role RequiredRole => Role.Promoter;

    public Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var keyId = data.String("keyId");
        var hint = keyId is { Length: 16 } && keyId.All(char.IsAsciiHexDigitLower) ? $"{ApiKeyService.Prefix}{keyId}_…" : ApiKeyService.Prefix + "…";
        return request.ReplaceSubmittedCardAsync(MetricsCards.KeyHidden(request.T, hint), ct);
    }
}
