using Newtonsoft.Json.Linq;
using TeamsDxBot.Cards;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Metrics;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Imports;

/// <summary>
/// A CSV file a promoter attaches in the 1:1 chat: a roster goes to the roster import, tool usage figures
/// to the metrics import, each answered exactly as if the text had been pasted into its card.
/// </summary>
public sealed class FileImport(IHttpClientFactory http, IHostEnvironment environment, RosterImport roster, DepartmentRepository departments,
    InitiativeService initiatives, ToolMetricsService metrics, ILogger<FileImport> logger) : IFileUploadHandler
{
    /// <summary>What Teams attaches for a file sent to a bot (the manifest's supportsFiles).</summary>
    public const string TeamsFileContentType = "application/vnd.microsoft.teams.file.download.info";

    public const string HttpClientName = "file-import";

    /// <summary>A roster of a few thousand people or a year of weekly figures is far smaller.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Handles the message when it carries a file; false when it does not.</summary>
    public async Task<bool> TryHandleAsync(TurnRequest request, CancellationToken ct)
    {
        var file = request.Turn.Activity.Attachments?.FirstOrDefault(a => a.ContentType == TeamsFileContentType);
        if (file is null)
        {
            return false;
        }
        if (!request.User.IsPromoter)
        {
            await request.ReplyAsync(request.T[nameof(Strings.File_PromotersOnly)], ct);
            return true;
        }
        var content = file.Content as JObject;
        var fileType = content?["fileType"] is JValue { Type: JTokenType.String } type ? (string?)type : Path.GetExtension(file.Name ?? "").TrimStart('.');
        if (!string.Equals(fileType, "csv", StringComparison.OrdinalIgnoreCase))
        {
            await request.ReplyAsync(request.T[nameof(Strings.File_NotCsv)], ct);
            return true;
        }
        var url = content?["downloadUrl"] is JValue { Type: JTokenType.String } download ? (string?)download : file.ContentUrl;
        var bytes = await DownloadAsync(request, url, ct);
        if (bytes is null)
        {
            return true;
        }
        if (CsvText.Decode(bytes) is not { } text)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Csv_NotUtf8)], ct);
            return true;
        }
        await RouteAsync(request, text, ct);
        return true;
    }

    private async Task<byte[]?> DownloadAsync(TurnRequest request, string? url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (environment.IsDevelopment() && uri.IsLoopback && uri.Scheme == Uri.UriSchemeHttp)))
        {
            logger.LogWarning("Refused to download a file from {Scheme} {Host}", uri?.Scheme, uri?.Host);
            await request.ReplyAsync(request.T[nameof(Strings.File_DownloadFailed)], ct);
            return null;
        }
        try
        {
            using var response = await http.CreateClient(HttpClientName).GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
            response.EnsureSuccessStatusCode();
            if (response.Content.Headers.ContentLength > MaxBytes)
            {
                await request.ReplyAsync(request.T.Format(nameof(Strings.File_TooLarge), MaxBytes / 1024), ct);
                return null;
            }
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBytes)
                {
                    await request.ReplyAsync(request.T.Format(nameof(Strings.File_TooLarge), MaxBytes / 1024), ct);
                    return null;
                }
            }
            return buffer.ToArray();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not download the file {Person} sent", request.Person.AadObjectId);
            await request.ReplyAsync(request.T[nameof(Strings.File_DownloadFailed)], ct);
            return null;
        }
    }

    private async Task RouteAsync(TurnRequest request, string text, CancellationToken ct)
    {
        var first = FirstRecord(text);
        if (RosterImport.IsHeader(first) || (first.Length is >= 2 and <= 4 && first[0].Contains('@', StringComparison.Ordinal)))
        {
            var result = await roster.ImportAsync(request.User, text, ct);
            await request.ReplyAsync(result.Applied
                ? DirectoryCards.RosterApplied(request.T, result, await departments.ListAsync(request.TenantId, ct))
                : DirectoryCards.RosterProblems(request.T, result.Problems, text), ct);
            return;
        }
        if (!MetricsInput.IsHeader(first))
        {
            await request.ReplyAsync(request.T.Format(nameof(Strings.File_UnknownKind), MetricsInput.CsvHeader), ct);
            return;
        }
        var tools = await initiatives.ListAsync(request.TenantId, ct);
        if (tools.Count == 0)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Metrics_NoInitiatives)], ct);
            return;
        }
        if (tools.Count > 1)
        {
            // Which tool the figures are for is not in the file: the card comes filled in, to pick it and save.
            await request.ReplyAsync(MetricsCards.Problems(request.T, tools, null, text, [new MetricsProblem(0, nameof(Strings.Metrics_PickInitiative))]), ct);
            return;
        }
        var upload = await metrics.UploadFromChatAsync(request.User, tools[0].Id, text, ct);
        await request.ReplyAsync(upload.Stored
            ? MetricsCards.Stored(request.T, tools[0], upload.Write!, upload.Metrics, await MetricsOverview.DepartmentNamesAsync(request, departments, ct))
            : MetricsCards.Problems(request.T, tools, tools[0].Id, text, upload.Problems), ct);
    }

    private static string[] FirstRecord(string text)
    {
        using var reader = PastedCsv.Open(text);
        while (reader.Read())
        {
            if (reader.Parser.Record is { } fields && !fields.All(string.IsNullOrWhiteSpace))
            {
                return fields;
            }
        }
        return [];
    }
}
