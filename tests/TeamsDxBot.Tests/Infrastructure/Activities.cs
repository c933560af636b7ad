using Newtonsoft.Json.Linq;

namespace TeamsDxBot.Tests.Infrastructure;

public sealed record TestUser(string AadObjectId, string Name, string Email, string Locale = "ja-JP")
{
    public string TeamsId => "29:" + AadObjectId;
    public string ConversationId => "a:personal-" + TeamsId;
}

/// <summary>Teams-shaped activities as the Bot Connector posts them to /api/messages.</summary>
public static class Activities
{
    public const string BotId = "28:bot";

    private static JObject Base(string type, TestUser user, string serviceUrl, string tenantId, string conversationType = "personal", string? conversationId = null) => new()
    {
        ["type"] = type,
        ["id"] = "in-" + Guid.NewGuid().ToString("N")[..8],
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl,
        ["timestamp"] = DateTimeOffset.UtcNow,
        ["locale"] = user.Locale,
        ["from"] = new JObject { ["id"] = user.TeamsId, ["name"] = user.Name, ["aadObjectId"] = user.AadObjectId },
        ["recipient"] = new JObject { ["id"] = BotId, ["name"] = "TeamsDxBot" },
        ["conversation"] = new JObject
        {
            ["id"] = conversationId ?? user.ConversationId,
            ["conversationType"] = conversationType,
            ["tenantId"] = tenantId,
        },
        ["channelData"] = new JObject { ["tenant"] = new JObject { ["id"] = tenantId } },
        ["entities"] = new JArray(new JObject { ["type"] = "clientInfo", ["locale"] = user.Locale, ["timezone"] = "Asia/Tokyo" }),
    };

    public static JObject Message(TestUser user, string text, string serviceUrl, string tenantId)
    {
        var a = Base("message", user, serviceUrl, tenantId);
        a["text"] = text;
        return a;
    }

    public static JObject Submit(TestUser user, object data, string serviceUrl, string tenantId, string? replyToId = "card-1")
    {
        var a = Base("message", user, serviceUrl, tenantId);
        a["value"] = JObject.FromObject(data);
        if (replyToId is not null)
        {
            a["replyToId"] = replyToId;
        }
        return a;
    }

    /// <summary>An Action.Execute press as Teams sends it: an adaptiveCard/action invoke, the inputs merged into the data.</summary>
    public static JObject Execute(TestUser user, object data, string serviceUrl, string tenantId, string replyToId = "card-1")
    {
        var a = Base("invoke", user, serviceUrl, tenantId);
        a["name"] = "adaptiveCard/action";
        var payload = JObject.FromObject(data);
        a["value"] = new JObject
        {
            ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = payload["verb"], ["data"] = payload },
            ["trigger"] = "manual",
        };
        a["replyToId"] = replyToId;
        return a;
    }

    public static JObject PersonalInstall(TestUser user, string serviceUrl, string tenantId, string action = "add")
    {
        var a = Base("installationUpdate", user, serviceUrl, tenantId);
        a["action"] = action;
        return a;
    }

    public static JObject Typing(TestUser user, string serviceUrl, string tenantId) => Base("typing", user, serviceUrl, tenantId);

    public static JObject BotAddedToTeam(TestUser installer, string teamId, string serviceUrl, string tenantId)
    {
        var a = Base("conversationUpdate", installer, serviceUrl, tenantId, "channel", teamId);
        a["membersAdded"] = new JArray(new JObject { ["id"] = BotId });
        a["channelData"] = new JObject
        {
            ["tenant"] = new JObject { ["id"] = tenantId },
            ["team"] = new JObject { ["id"] = teamId, ["name"] = "All staff" },
            ["eventType"] = "teamMemberAdded",
        };
        return a;
    }
}
