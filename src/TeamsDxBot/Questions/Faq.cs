using Azure;
using System.Text;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Questions;

/// <summary>A solved question kept for others: for its department, or company-wide once a promoter publishes it.</summary>
public sealed record FaqEntry(string TenantId, string Id, string? DepartmentId, string Question, string Answer, bool CompanyWide, string AddedBy, DateTimeOffset AddedAt)
{
    /// <summary>An entry's answer may hold a whole thread (first answer and the replies to follow-ups), each up to <see cref="TeamsDxBot.Questions.Question.MaxLength"/>.</summary>
    public const int MaxAnswerLength = 4 * TeamsDxBot.Questions.Question.MaxLength;
}

/// <summary>Table "Faq". PartitionKey = tenant id, RowKey = the id of the question it came from.</summary>
public sealed class FaqRepository(Tables tables)
{
    public const string TableName = "Faq";

    private TableClient Table => tables.Get(TableName);

    public async Task<IReadOnlyList<FaqEntry>> ListAsync(string tenantId, CancellationToken ct) =>
        (await Table.ReadPartitionAsync<FaqEntity>(tenantId, ct)).Select(e => e.ToEntry()).ToList();

    /// <summary>Saving the same question again replaces the entry (edits).</summary>
    public async Task SaveAsync(FaqEntry entry, CancellationToken ct) =>
        await Table.UpsertEntityAsync(FaqEntity.From(entry), TableUpdateMode.Replace, ct);
}

internal sealed class FaqEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string? DepartmentId { get; set; }
    public string? Question { get; set; }
    public string? Answer { get; set; }
    public bool? CompanyWide { get; set; }
    public string? AddedBy { get; set; }
    public DateTimeOffset? AddedAt { get; set; }

    public static FaqEntity From(FaqEntry entry) => new()
    {
        PartitionKey = entry.TenantId,
        RowKey = entry.Id,
        DepartmentId = entry.DepartmentId,
        Question = entry.Question,
        Answer = entry.Answer,
        CompanyWide = entry.CompanyWide,
        AddedBy = entry.AddedBy,
        AddedAt = entry.AddedAt,
    };

    public FaqEntry ToEntry() => new(PartitionKey, RowKey, DepartmentId, Question ?? "", Answer ?? "", CompanyWide == true, AddedBy ?? "", AddedAt ?? default);
}

/// <summary>
/// Similarity of short texts in Japanese or English: overlap of character bigrams after width and case
/// folding. Japanese has no spaces between words, so word matching would miss most hits.
/// </summary>
public static class TextSimilarity
{
    public static double Score(string query, string text)
    {
        var a = Bigrams(query);
        var b = Bigrams(text);
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }
        // Share of the query's bigrams found in the text: a short query inside a long FAQ still scores high.
        return (double)a.Count(b.Contains) / a.Count;
    }

    private static HashSet<string> Bigrams(string s)
    {
        var folded = new string(s.Normalize(NormalizationForm.FormKC).ToLowerInvariant()
            .Where(c => char.IsLetterOrDigit(c)).ToArray());
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < folded.Length; i++)
        {
            set.Add(folded.Substring(i, 2));
        }
        if (folded.Length == 1)
        {
            set.Add(folded);
        }
        return set;
    }
}
