using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamsDxBot.Pulse;

public sealed record TallyComment(
    [property: JsonPropertyName("k")] string RespondentKey,
    [property: JsonPropertyName("q")] string QuestionId,
    [property: JsonPropertyName("t")] string Text,
    [property: JsonPropertyName("n")] string? Name,
    [property: JsonPropertyName("a")] DateTimeOffset At);

/// <summary>
/// Counts for one group of respondents: how many answered, how often each choice was picked, and
/// the free-text comments. Counts add and subtract exactly, so a changed answer moves from one
/// bucket to another and the rollup always equals a recount of the raw answers.
/// </summary>
public sealed class Tally
{
    /// <summary>Comments kept per rollup row; the raw responses (and the CSV export) keep them all.</summary>
    public const int MaxComments = 40;

    [JsonPropertyName("n")]
    public int Respondents { get; set; }

    /// <summary>Question id → answer value → count.</summary>
    [JsonPropertyName("c")]
    public Dictionary<string, Dictionary<string, int>> Choices { get; set; } = [];

    [JsonPropertyName("m")]
    public List<TallyComment> Comments { get; set; } = [];

    public void Add(PulseResponse response, IReadOnlyList<PulseQuestion> questions, int sign)
    {
        Respondents += sign;
        foreach (var question in questions)
        {
            if (!response.Answers.TryGetValue(question.Id, out var value) || value.Length == 0)
            {
                continue;
            }
            if (question.IsCounted)
            {
                var counts = Choices.TryGetValue(question.Id, out var c) ? c : Choices[question.Id] = [];
                counts[value] = counts.GetValueOrDefault(value) + sign;
                if (counts[value] == 0)
                {
                    counts.Remove(value);
                }
            }
            else if (sign > 0)
            {
                Comments.Add(new TallyComment(response.RespondentKey, question.Id, value, response.Name, response.AnsweredAt));
                if (Comments.Count > MaxComments)
                {
                    Comments.RemoveAt(0);
                }
            }
            else
            {
                Comments.RemoveAll(c => c.RespondentKey == response.RespondentKey && c.QuestionId == question.Id);
            }
        }
    }

    public void Merge(Tally other)
    {
        Respondents += other.Respondents;
        foreach (var (question, counts) in other.Choices)
        {
            var mine = Choices.TryGetValue(question, out var c) ? c : Choices[question] = [];
            foreach (var (value, count) in counts)
            {
                mine[value] = mine.GetValueOrDefault(value) + count;
            }
        }
        Comments.AddRange(other.Comments);
    }

    public int Count(string questionId, string value) =>
        Choices.TryGetValue(questionId, out var counts) ? counts.GetValueOrDefault(value) : 0;

    public int Answered(string questionId) => Choices.TryGetValue(questionId, out var counts) ? counts.Values.Sum() : 0;

    /// <summary>Mean of a numeric (1–5) question, or null when nobody answered it.</summary>
    public double? Mean(string questionId)
    {
        if (!Choices.TryGetValue(questionId, out var counts))
        {
            return null;
        }
        var (sum, n) = (0.0, 0);
        foreach (var (value, count) in counts)
        {
            if (int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                sum += number * count;
                n += count;
            }
        }
        return n == 0 ? null : sum / n;
    }
}

/// <summary>Per-department tallies of one run ("" = people without a department).</summary>
public sealed class RunTally
{
    [JsonPropertyName("d")]
    public Dictionary<string, Tally> Departments { get; set; } = [];

    public Tally For(string departmentId) =>
        Departments.TryGetValue(departmentId, out var t) ? t : Departments[departmentId] = new Tally();

    public void Merge(RunTally other)
    {
        foreach (var (department, tally) in other.Departments)
        {
            For(department).Merge(tally);
        }
    }

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RunTally FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? new RunTally() : JsonSerializer.Deserialize<RunTally>(json, Json) ?? new RunTally();

    public static string Serialize(Tally tally) => JsonSerializer.Serialize(tally, Json);

    public static Tally Deserialize(string? json) =>
        string.IsNullOrEmpty(json) ? new Tally() : JsonSerializer.Deserialize<Tally>(json, Json) ?? new Tally();
}
