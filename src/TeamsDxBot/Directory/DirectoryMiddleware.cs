using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Connector;
using TeamsDxBot.Localization;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

/// <summary>
/// Runs before every turn: records who is speaking (and, from authenticated 1:1 activities only, where
/// to reach them later) and puts a <see cref="UserContext"/> into the turn state for the features.
/// </summary>
public sealed class DirectoryMiddleware(DirectoryService directory, Access access, ServiceUrlPolicy serviceUrls, IEnumerable<ISignedCardSender> signedCards,
    ILogger<DirectoryMiddleware> logger) : Microsoft.Bot.Builder.IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        turnContext.TurnState.Set(await IdentifyAsync(turnContext, cancellationToken));
        await next(cancellationToken);
    }

    private async Task<UserContext> IdentifyAsync(ITurnContext turn, CancellationToken ct)
    {
        var activity = turn.Activity;
        var tenantId = activity.Conversation?.TenantId ?? activity.GetChannelData<TeamsChannelData>()?.Tenant?.Id;
        var aadObjectId = activity.From?.AadObjectId;
        var clientInfo = activity.Entities?.FirstOrDefault(e => e.Type == "clientInfo");
        var locale = activity.Locale ?? ClientInfo(clientInfo, "locale");
        var proactive = activity.Type == ActivityTypes.Event && activity.Name is "ContinueConversation" or "CreateConversation";
        if (proactive || activity.From is null || !TableKeys.IsEntraId(tenantId) || !TableKeys.IsEntraId(aadObjectId))
        {
            // The bot's own proactive turns, or a sender without a usable Entra identity: remember nothing.
            var transient = new Person { TenantId = TableKeys.IsEntraId(tenantId) ? tenantId : "", AadObjectId = activity.From?.Id ?? "", Name = activity.From is null ? "" : NameOf(activity.From) ?? "" };
            return new UserContext(transient, new HashSet<Role> { Role.Staff }, Texts.For(Languages.Resolve(null, locale)), IsNew: false);
        }

        if (SignedCardPress(activity, tenantId, aadObjectId) is { } vouched)
        {
            directory.Seen(vouched);
            return new UserContext(vouched, new HashSet<Role> { Role.Staff }, Texts.For(Languages.Resolve(vouched.PreferredLanguage, locale)), IsNew: false);
        }

        var trustedServiceUrl = serviceUrls.IsTrusted(turn);
        var personal = activity.Conversation?.ConversationType is null or "personal";
        var sighting = new Sighting(
            tenantId,
            aadObjectId,
            activity.From.Id,
            NameOf(activity.From),
            Email: null,
            locale,
            activity.LocalTimezone ?? ClientInfo(clientInfo, "timezone"),
            trustedServiceUrl && personal && !IsUninstall(activity) && activity.Conversation?.Id is { Length: > 0 } conversationId
                ? new ConversationAddress(activity.ServiceUrl, conversationId, activity.Recipient?.Id ?? "", activity.ChannelId)
                : null,
            trustedServiceUrl ? activity.ServiceUrl : null);
        if (!trustedServiceUrl)
        {
            logger.LogWarning("Not storing a conversation reference from untrusted {ServiceUrl}", activity.ServiceUrl);
        }

        var (person, isNew) = await directory.RecordAsync(sighting, ct);
        if (person.Email is null && activity.ChannelId == Channels.Msteams && trustedServiceUrl)
        {
            person = await LookUpEmailAsync(turn, person, ct);
        }
        // Some activities (conversationUpdate) carry no locale; the one seen last time still holds.
        var culture = Languages.Resolve(person.PreferredLanguage, locale ?? person.Locale);
        return new UserContext(person, access.RolesOf(person), Texts.For(culture), isNew);
    }

    private Person? SignedCardPress(IActivity activity, string tenantId, string aadObjectId)
    {
        if (!CardData.IsExecute(activity, out var data) || data.String(Cards.AdaptiveCard.VerbField) is not { } verb)
        {
            return null;
        }
        foreach (var sender in signedCards)
        {
            if (sender.Identify(tenantId, aadObjectId, activity.From is null ? null : NameOf(activity.From), verb, data) is { } person)
            {
                return person;
            }
        }
        return null;
    }

    /// <summary>Far longer than any display name Entra allows (256); a longer one is not stored whole.</summary>
    private const int MaxNameLength = 256;

    private static string? NameOf(ChannelAccount from) => from.Name is { Length: > MaxNameLength } name
        ? name[..(char.IsHighSurrogate(name[MaxNameLength - 1]) ? MaxNameLength - 1 : MaxNameLength)]
        : from.Name;

    /// <summary>A clientInfo field when it is text; anything else in it says nothing about the person.</summary>
    private static string? ClientInfo(Entity? clientInfo, string name) =>
        clientInfo?.Properties?[name] is JValue { Type: Newtonsoft.Json.Linq.JTokenType.String } value ? (string?)value : null;

    private static bool IsUninstall(IActivity activity) =>
        activity.Type == ActivityTypes.InstallationUpdate && activity.AsInstallationUpdateActivity().Action is "remove" or "remove-upgrade";

    /// <summary>Email/UPN is not on the activity; one roster call per person fills it in (roster imports need it).</summary>
    private async Task<Person> LookUpEmailAsync(ITurnContext turn, Person person, CancellationToken ct)
    {
        TeamsChannelAccount member;
        try
        {
            member = await TeamsInfo.GetMemberAsync(turn, turn.Activity.From.Id, ct);
        }
        catch (Exception e) when (e is Microsoft.Bot.Schema.ErrorResponseException or HttpRequestException or Microsoft.Rest.HttpOperationException)
        {
            logger.LogInformation(e, "Could not read the member profile of {Person}", person.AadObjectId);
            return person;
        }
        var email = member.Email ?? member.UserPrincipalName;
        if (string.IsNullOrWhiteSpace(email))
        {
            return person;
        }
        var (updated, _) = await directory.RecordAsync(
            new Sighting(person.TenantId, person.AadObjectId, null, member.Name, email, null, null, null, null), ct);
        return updated;
    }
}

public static class TurnContextUserExtensions
{
    public static UserContext GetUser(this ITurnContext turn) =>
        turn.TurnState.Get<UserContext>() ?? throw new InvalidOperationException("DirectoryMiddleware did not run for this turn.");
}
