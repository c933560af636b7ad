using Newtonsoft.Json.Linq;
using TeamsDxBot.Cards;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Metrics;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;
using TeamsDxBot.Usage;

namespace TeamsDxBot.Imports;

/// <summary>
/// A file a promoter attaches in the 1:1 chat: a roster goes to the roster import, the tool's weekly figures
/// to the metrics import, per-person usage (CSV or a JSON array) to the usage import, each answered as if
/// the text had been pasted into its card. The file's headings decide; when they fit more than one import
/// the promoter is asked, and the file is downloaded again once they answer.
/// </summary>
public sealed class FileImport(IHttpClientFactory http, IHostEnvironment environment, RosterImport roster, DepartmentRepository departments,
    InitiativeService initiatives, ToolMetricsService metrics, UsageImportService usage, ILogger<FileImport> logger) : IFileUploadHandler, ICardVerbs
{
    /// <summary>What Teams attaches for a file sent to a bot (the manifest's supportsFiles).</summary>
    public const string TeamsFileContentType = "application/vnd.microsoft.teams.file.download.info";

    public const string HttpClientName = "file-import";

    /// <summary>A roster of a few thousand people or a year of weekly figures is far smaller.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly HashSet<string> DepartmentHeadings = new(StringComparer.Ordinal) { "department", "dept", "部署", "部門", "所属" };
    private static readonly HashSet<string> RoleHeadings = new(StringComparer.Ordinal) { "role", "役割", "ロール" };

    public IReadOnlyList<CardVerb> Verbs => [new(FileImportCards.ImportVerb, Role.Promoter, ImportPickedAsync)];

    /// <summary>Handles the message when it carries a file; false when it does not.</summary>
    public async Task<bool> TryHandleAsync(TurnRequest request, CancellationToken ct)
    {
        var attachment = request.Turn.Activity.Attachments?.FirstOrDefault(a => a.ContentType == TeamsFileContentType);
        if (attachment is null)
        {
            return false;
        }
        if (!request.User.IsPromoter)
        {
            await request.ReplyAsync(request.T[nameof(Strings.File_PromotersOnly)], ct);
            return true;
        }
        var content = attachment.Content as JObject;
        var fileType = content?["fileType"] is JValue { Type: JTokenType.String } type ? (string?)type : Path.GetExtension(attachment.Name ?? "").TrimStart('.');
        var url = content?["downloadUrl"] is JValue { Type: JTokenType.String } download ? (string?)download : attachment.ContentUrl;
        await ImportAsync(request, new SentFile(url, attachment.Name ?? "", (fileType ?? "").ToLowerInvariant()), kind: null, initiativeId: null, ct);
        return true;
    }

    /// <summary>The answer to "which import?" or "which initiative?": the same file, imported as picked.</summary>
    private async Task ImportPickedAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var kind = data.String("kind");
        if (SentFile.From(data) is not { } file || kind is not (FileImportCards.Roster or FileImportCards.Usage or FileImportCards.Metrics))
        {
            return;
        }
        await ImportAsync(request, file, kind, data.String("initiativeId"), ct);
    }

    private async Task ImportAsync(TurnRequest request, SentFile file, string? kind, string? initiativeId, CancellationToken ct)
    {
        var json = file.Type == "json";
        if (!json && file.Type != "csv")
        {
            await request.ReplyAsync(request.T[nameof(Strings.File_NotCsv)], ct);
            return;
        }
        var bytes = await DownloadAsync(request, file.Url, ct);
        if (bytes is null)
        {
            return;
        }
        if (CsvText.Decode(bytes) is not { } text)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Csv_NotUtf8)], ct);
            return;
        }
        var kinds = kind is not null ? [kind] : json ? [FileImportCards.Usage] : Kinds(FirstRecord(text));
        switch (kinds)
        {
            case []:
                await request.ReplyAsync(request.T.Format(nameof(Strings.File_UnknownKind), MetricsInput.CsvHeader, UsageInput.EventsHeader, UsageInput.SnapshotHeader), ct);
                break;
            case [FileImportCards.Roster]:
                await ImportRosterAsync(request, text, ct);
                break;
            case [FileImportCards.Metrics]:
                await ImportMetricsAsync(request, text, ct);
                break;
            case [FileImportCards.Usage]:
                await ImportUsageAsync(request, file, text, json, initiativeId, ct);
                break;
            default:
                await request.ReplyAsync(FileImportCards.WhichImport(request.T, file, kinds), ct);
                break;
        }
    }

    /// <summary>
    /// Every import the first line fits. A usage file has a person and a date or last-login column; a roster
    /// starts with an email column (or an address, without headings); the weekly figures have two of their
    /// column names. Usage headings whose first columns are also a roster's (email, department, role) fit both.
    /// </summary>
    private static List<string> Kinds(string[] first)
    {
        var kinds = new List<string>();
        var isUsage = UsageInput.IsHeader(first);
        var rosterShaped = first.Length >= 3 && DepartmentHeadings.Contains(PastedCsv.Key(first[1])) && RoleHeadings.Contains(PastedCsv.Key(first[2]));
        var isRoster = RosterImport.IsHeader(first) || (first.Length is >= 2 and <= 4 && first[0].Contains('@', StringComparison.Ordinal));
        if (isRoster && (!isUsage || rosterShaped))
        {
            kinds.Add(FileImportCards.Roster);
        }
        if (isUsage)
        {
            kinds.Add(FileImportCards.Usage);
        }
        if (MetricsInput.IsHeader(first) && !(isRoster && !isUsage))
        {
            kinds.Add(FileImportCards.Metrics);
        }
        return kinds;
    }

    private async Task ImportRosterAsync(TurnRequest request, string text, CancellationToken ct)
    {
        var result = await roster.ImportAsync(request.User, text, ct);
        await request.ReplyAsync(result.Applied
            ? DirectoryCards.RosterApplied(request.T, result, await departments.ListAsync(request.TenantId, ct))
            : DirectoryCards.RosterProblems(request.T, result.Problems, text), ct);
    }

    private async Task ImportMetricsAsync(TurnRequest request, string text, CancellationToken ct)
    {
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

    /// <summary>
    /// The same checks and all-or-nothing storing as a pasted import, without the paste box's size limit (a
    /// file may be as large as <see cref="MaxBytes"/>); problems come back as a list, since the file is what gets fixed.
    /// </summary>
    private async Task ImportUsageAsync(TurnRequest request, SentFile file, string text, bool json, string? initiativeId, CancellationToken ct)
    {
        var tools = await initiatives.ListAsync(request.TenantId, ct);
        if (tools.Count == 0)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Usage_NoInitiatives)], ct);
            return;
        }
        if (string.IsNullOrEmpty(initiativeId))
        {
            if (tools.Count > 1)
            {
                await request.ReplyAsync(FileImportCards.PickInitiative(request.T, file, tools), ct);
                return;
            }
            initiativeId = tools[0].Id;
        }
        if (tools.FirstOrDefault(i => i.Id == initiativeId) is not { } initiative)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Usage_InitiativeNotFound)], ct);
            return;
        }
        var source = UsageSource.Chat(request.Person.AadObjectId);
        var result = json
            ? await usage.ImportJsonAsync(request.TenantId, initiative.Id, source, text, ct)
            : await usage.ImportCsvAsync(request.TenantId, initiative.Id, source, text, ct);
        await request.ReplyAsync(result.Stored ? UsageCards.Stored(request.T, initiative, result) : FileImportCards.UsageProblems(request.T, result.Problems), ct);
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
