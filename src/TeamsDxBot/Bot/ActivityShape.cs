using Microsoft.Bot.Schema.Teams;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Bot;

/// <summary>
/// Checks the shape of what is posted to /api/messages once, before the adapter: the Bot Connector
/// always sends a JSON object that reads as an activity (Teams channel data included), with a type, a
/// service URL, a conversation, a sender, a recipient, and ids usable as table keys. Anything else
/// names nobody to answer, so it gets a 400 with no body rather than a turn that fails halfway (the
/// adapter itself throws on a missing service URL, the Teams handler on channel data of the wrong type).
/// </summary>
public sealed class ActivityShapeFilter(ILogger<ActivityShapeFilter> logger) : IEndpointFilter
{
    /// <summary>Teams caps a message at about 100 KB; anything far above it is not from Teams.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    private static readonly JsonSerializer Reader = JsonSerializer.Create(new JsonSerializerSettings
    {
        NullValueHandling = NullValueHandling.Ignore,
        MaxDepth = 64,
    });

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            logger.LogWarning("Refused an activity of {Bytes} bytes", request.ContentLength);
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxBodyBytes);
        string? problem;
        try
        {
            using var text = new StreamReader(request.Body, leaveOpen: true);
            problem = Problem(await text.ReadToEndAsync(context.HttpContext.RequestAborted));
        }
        catch (IOException)
        {
            // The buffer limit was passed without a Content-Length saying so.
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        if (problem is not null)
        {
            logger.LogWarning("Refused a malformed activity: {Problem}", problem);
            return Results.BadRequest();
        }
        request.Body.Position = 0;
        return await next(context);
    }

    /// <summary>What makes the posted text unusable as an activity, or null when its shape is sound.</summary>
    internal static string? Problem(string body)
    {
        Activity activity;
        try
        {
            using var reader = new JsonTextReader(new StringReader(body)) { MaxDepth = 64, DateParseHandling = DateParseHandling.None };
            if (JToken.ReadFrom(reader) is not JObject json || reader.Read())
            {
                return "not a JSON object";
            }
            activity = json.ToObject<Activity>(Reader)!;
            // The Teams handler and the directory read the channel data as Teams shapes it.
            activity.GetChannelData<TeamsChannelData>();
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidCastException or FormatException or OverflowException)
        {
            return "not an activity: " + e.GetType().Name;
        }
        if (string.IsNullOrEmpty(activity.Type))
        {
            return "no type";
        }
        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Host.Length == 0)
        {
            return "no usable serviceUrl";
        }
        if (!IsAsciiId(activity.Conversation?.Id) || !IsAsciiId(activity.From?.Id) || !IsAsciiId(activity.Recipient?.Id))
        {
            // The SDK puts these ids in URLs and headers of its calls to the Bot Connector.
            return "no usable conversation, sender or recipient id";
        }
        if (!IdOrAbsent(activity.From!.AadObjectId) || !IdOrAbsent(activity.Conversation!.TenantId)
            || !IdOrAbsent(activity.GetChannelData<TeamsChannelData>()?.Tenant?.Id))
        {
            return "unusable sender or tenant id";
        }
        return null;
    }

    /// <summary>Absent is fine (not every sender has an Entra id); present, it must look like one.</summary>
    private static bool IdOrAbsent(string? id) => id is null || TableKeys.IsEntraId(id);

    /// <summary>Teams' conversation, member and Entra ids are printable ASCII.</summary>
    private static bool IsAsciiId(string? id) => id is { Length: > 0 and <= MaxIdLength } && id.All(c => c is > ' ' and <= '~');

    private const int MaxIdLength = 1024;
}
