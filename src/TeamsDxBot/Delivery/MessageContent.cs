using Newtonsoft.Json.Linq;

namespace TeamsDxBot.Delivery;

/// <summary>What to send: text, an Adaptive Card, or both.</summary>
public sealed record MessageContent(string? Text, JObject? Card = null)
{
    public string ToJson() => new JObject { ["text"] = Text, ["card"] = Card }.ToString(Newtonsoft.Json.Formatting.None);

    public static MessageContent FromJson(string json)
    {
        var o = JObject.Parse(json);
        return new MessageContent((string?)o["text"], o["card"] as JObject);
    }
}
