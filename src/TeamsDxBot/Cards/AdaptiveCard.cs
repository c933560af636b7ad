using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace TeamsDxBot.Cards;

/// <summary>
/// Adaptive Cards authored as JSON (the .NET AdaptiveCards object model cannot be restored here; see
/// build/BotFramework.targets). Every card the bot sends is built from these pieces, and a test checks
/// each one with the official adaptivecards parser.
/// </summary>
public static class AdaptiveCard
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>The type of a Universal Action's error answer: the client keeps the card and shows the message.</summary>
    public const string ErrorContentType = "application/vnd.microsoft.error";

    public const string Version = "1.5";
    /// <summary>The field in Action.Submit and Action.Execute data that names the handler (see Bot/CardActionRouter).</summary>
    public const string VerbField = "verb";
    /// <summary>The invoke Teams sends for an Action.Execute press.</summary>
    public const string ExecuteInvokeName = "adaptiveCard/action";

    public static JObject Create(IEnumerable<JToken?> body, IEnumerable<JToken?>? actions = null)
    {
        var card = new JObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["body"] = new JArray(body.Where(b => b is not null)),
            ["msteams"] = new JObject { ["width"] = "Full" },
        };
        var actionList = actions?.Where(a => a is not null).ToList();
        if (actionList is { Count: > 0 })
        {
            card["actions"] = new JArray(actionList);
        }
        return card;
    }

    public static Attachment ToAttachment(this JObject card) => new() { ContentType = ContentType, Content = card };

    public static JObject Title(string text) => Text(text, size: "Large", weight: "Bolder");

    public static JObject Heading(string text) => Text(text, size: "Medium", weight: "Bolder");

    public static JObject Text(string text, string? size = null, string? weight = null, bool subtle = false, string? color = null, bool monospace = false)
    {
        var block = new JObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (monospace)
        {
            block["fontType"] = "Monospace";
            block["spacing"] = "None";
        }
        if (size is not null)
        {
            block["size"] = size;
        }
        if (weight is not null)
        {
            block["weight"] = weight;
        }
        if (subtle)
        {
            block["isSubtle"] = true;
        }
        if (color is not null)
        {
            block["color"] = color;
        }
        return block;
    }

    /// <summary>
    /// Text people typed: one block per line (so line breaks survive), with the characters TextBlock
    /// markdown would act on escaped, so "\\server\share" or "*" show exactly as typed.
    /// </summary>
    public static JObject UserText(string? text, bool subtle = false) => Container(
        (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select(line => (JToken?)Text(line.Length == 0 ? " " : EscapeMarkdown(line), subtle: subtle)));

    public static string EscapeMarkdown(string line)
    {
        var escaped = new System.Text.StringBuilder(line.Length + 8);
        foreach (var c in line)
        {
            if (c is '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#' or '~')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        // A line starting like a list item ("- ", "+ ", "1. ") would become a list.
        var text = escaped.ToString();
        var marker = System.Text.RegularExpressions.Regex.Match(text, @"^(\s*)([-+]|\d+)([.)]?)(\s)");
        return marker.Success && (marker.Groups[2].Value is "-" or "+" || marker.Groups[3].Value.Length > 0)
            ? text.Insert(marker.Groups[2].Index + (marker.Groups[2].Value is "-" or "+" ? 0 : marker.Groups[2].Length), "\\")
            : text;
    }

    /// <summary>A table whose first row is the header; <paramref name="widths"/> are relative column widths.</summary>
    public static JObject Table(JArray rows, IEnumerable<int> widths, bool separator = false)
    {
        var table = new JObject
        {
            ["type"] = "Table",
            ["gridStyle"] = "accent",
            ["firstRowAsHeader"] = true,
            ["columns"] = new JArray(widths.Select(w => new JObject { ["width"] = w })),
            ["rows"] = rows,
        };
        if (separator)
        {
            table["separator"] = true;
        }
        return table;
    }

    public static JObject TableRow(IEnumerable<JObject> cells) => new() { ["type"] = "TableRow", ["cells"] = new JArray(cells) };

    /// <summary>A cell of one or two elements; <paramref name="style"/> tints it (a container style each Teams theme keeps readable).</summary>
    public static JObject TableCell(JObject item, string? style = null, JObject? second = null)
    {
        var cell = new JObject { ["type"] = "TableCell", ["items"] = second is null ? new JArray(item) : new JArray(item, second) };
        if (style is not null)
        {
            cell["style"] = style;
        }
        return cell;
    }

    public static JObject Facts(IEnumerable<(string Title, string Value)> facts) => new()
    {
        ["type"] = "FactSet",
        ["facts"] = new JArray(facts.Select(f => new JObject { ["title"] = f.Title, ["value"] = f.Value })),
    };

    public static JObject Container(IEnumerable<JToken?> items, string? style = null, bool separator = false)
    {
        var container = new JObject { ["type"] = "Container", ["items"] = new JArray(items.Where(i => i is not null)) };
        if (style is not null)
        {
            container["style"] = style;
        }
        if (separator)
        {
            container["separator"] = true;
        }
        return container;
    }

    public static JObject ChoiceSet(string id, string label, IEnumerable<(string Title, string Value)> choices, string? value = null,
        bool required = false, string? errorMessage = null, bool multiSelect = false, bool filtered = false, string? placeholder = null, bool expanded = false)
    {
        var input = new JObject
        {
            ["type"] = "Input.ChoiceSet",
            ["id"] = id,
            ["label"] = label,
            ["style"] = filtered ? "filtered" : expanded ? "expanded" : "compact",
            ["choices"] = new JArray(choices.Select(c => new JObject { ["title"] = c.Title, ["value"] = c.Value })),
        };
        if (multiSelect)
        {
            input["isMultiSelect"] = true;
        }
        if (!string.IsNullOrEmpty(value))
        {
            input["value"] = value;
        }
        if (placeholder is not null)
        {
            input["placeholder"] = placeholder;
        }
        return Require(input, required, errorMessage);
    }

    public static JObject TextInput(string id, string label, string? value = null, bool multiline = false, int? maxLength = null,
        bool required = false, string? errorMessage = null, string? placeholder = null)
    {
        var input = new JObject { ["type"] = "Input.Text", ["id"] = id, ["label"] = label };
        if (multiline)
        {
            input["isMultiline"] = true;
        }
        if (maxLength is not null)
        {
            input["maxLength"] = maxLength.Value;
        }
        if (!string.IsNullOrEmpty(value))
        {
            input["value"] = value;
        }
        if (placeholder is not null)
        {
            input["placeholder"] = placeholder;
        }
        return Require(input, required, errorMessage);
    }

    public static JObject DateInput(string id, string label, DateOnly? value = null, bool required = false, string? errorMessage = null)
    {
        var input = new JObject { ["type"] = "Input.Date", ["id"] = id, ["label"] = label };
        if (value is not null)
        {
            input["value"] = value.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
        return Require(input, required, errorMessage);
    }

    public static JObject NumberInput(string id, string label, int? value, int min, int max, bool required = false, string? errorMessage = null)
    {
        var input = new JObject { ["type"] = "Input.Number", ["id"] = id, ["label"] = label, ["min"] = min, ["max"] = max };
        if (value is not null)
        {
            input["value"] = value.Value;
        }
        return Require(input, required, errorMessage);
    }

    public static JObject Toggle(string id, string title, bool value) => new()
    {
        ["type"] = "Input.Toggle",
        ["id"] = id,
        ["title"] = title,
        ["value"] = value ? "true" : "false",
        ["valueOn"] = "true",
        ["valueOff"] = "false",
    };

    /// <summary>Buttons inside the body (per item of a list), not at the card's foot.</summary>
    public static JObject ActionSet(IEnumerable<JToken?> actions) => new()
    {
        ["type"] = "ActionSet",
        ["actions"] = new JArray(actions.Where(a => a is not null)),
    };

    /// <summary>An Action.Submit whose data carries the handler verb plus any fixed values.</summary>
    public static JObject Submit(string title, string verb, object? data = null, string? style = null, bool validateInputs = true) =>
        Button("Action.Submit", title, verb, data, style, validateInputs);

    /// <summary>
    /// A Universal Action: the bot answers the press with the card that replaces this one, in the same
    /// request. For buttons pressed by many people at once (survey answers).
    /// </summary>
    public static JObject Execute(string title, string verb, object? data = null, string? style = null, bool validateInputs = true)
    {
        var action = Button("Action.Execute", title, verb, data, style, validateInputs);
        action["verb"] = verb;
        return action;
    }

    private static JObject Button(string type, string title, string verb, object? data, string? style, bool validateInputs)
    {
        var payload = data is null ? new JObject() : JObject.FromObject(data);
        payload[VerbField] = verb;
        var action = new JObject { ["type"] = type, ["title"] = title, ["data"] = payload };
        if (style is not null)
        {
            action["style"] = style;
        }
        if (!validateInputs)
        {
            action["associatedInputs"] = "none";
        }
        return action;
    }

    private static JObject Require(JObject input, bool required, string? errorMessage)
    {
        if (required)
        {
            input["isRequired"] = true;
            if (errorMessage is not null)
            {
                input["errorMessage"] = errorMessage;
            }
        }
        return input;
    }
}
