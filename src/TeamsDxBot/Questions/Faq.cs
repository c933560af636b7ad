using System.Text;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Questions;

/// <summary>A solved question kept for others: for its department, or company-wide once a promoter publishes it.</summary>
public sealed record FaqEntry(string TenantId, string Id, string? DepartmentId, string Question, string Answer, bool CompanyWide, string AddedBy, DateTimeOffset AddedAt);

/// <summary>Table "Faq". PartitionKey = tenant id, RowKey = the id of the question it came from.</summary>
public sealed class FaqRepository(Tables tables)
{
    public const string TableName = "Faq";

    private TableClient Table => tables.Get(TableName);

    public async Task<IReadOnlyList<FaqEntry>> ListAsync(string tenantId, CancellationToken ct) =>
        (await Table.ReadPartitionAsync<TableEntity>(tenantId, ct)).Select(e => new FaqEntry(e.PartitionKey, e.RowKey, e.GetString("DepartmentId"),
            e.GetString("Question") ?? "", e.GetString("Answer") ?? "", e.GetBoolean("CompanyWide") == true, e.GetString("AddedBy") ?? "",
            e.GetDateTimeOffset("AddedAt") ?? default)).ToList();

    /// <summary>Saving the same question again replaces the entry (edits).</summary>
    public async Task SaveAsync(FaqEntry entry, CancellationToken ct) =>
        await Table.UpsertEntityAsync(new TableEntity(entry.TenantId, entry.Id)
        {
            ["DepartmentId"] = entry.DepartmentId,
            ["Question"] = entry.Question,
            ["Answer"] = entry.Answer,
            ["CompanyWide"] = entry.CompanyWide,
            ["AddedBy"] = entry.AddedBy,
            ["AddedAt"] = entry.AddedAt,
        }, TableUpdateMode.Replace, ct);
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
