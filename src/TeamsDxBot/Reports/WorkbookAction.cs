using System.Globalization;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Files;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Reports;

/// <summary>
/// A promoter or executive downloads the report as an Excel workbook from a signed link, like the CSV.
/// The report is built again for the person pressing, with their roles now: someone whose role was
/// removed since the card was sent gets no file.
/// </summary>
public sealed class WorkbookAction(InitiativeRepository initiatives, ReportBuilder builder, FileStore files, ILogger<WorkbookAction> logger) : ICardAction
{
    public string Verb => ReportCards.WorkbookVerb;

    // Two roles may read it; the router checks one, so the check is here.
    public Role RequiredRole => Role.Staff;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        if (!request.User.Has(Role.Promoter) && !request.User.Has(Role.Executive))
        {
            logger.LogWarning("Refused the report workbook for {Person} without the promoter or executive role", request.Person.AadObjectId);
            await request.ReplyAsync(request.T[nameof(Strings.Error_NotAllowed)], ct);
            return;
        }
        var initiative = data.String("initiativeId") is { Length: > 0 } id ? await initiatives.GetAsync(request.TenantId, id, ct) : null;
        if (initiative is null || !Enum.TryParse<ReportKind>(data.String("kind"), out var kind) || !Enum.IsDefined(kind) || kind == ReportKind.Review)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Error_CardOutdated)], ct);
            return;
        }
        var runId = data.String("runId") is { Length: > 0 } run ? run : null;
        var report = await builder.BuildAsync(initiative, ReportScope.Everything with { Comments = false }, kind, request.T, ct, runId: runId);
        if (report?.Run is null || !ReportBuilder.HasFigures(report))
        {
            await request.ReplyAsync(ReportCards.NoData(request.T, initiative.NameFor(request.T.IsEnglish), builder.Threshold), ct);
            return;
        }
        var bytes = ReportWorkbook.Build(request.T, report);
        var name = $"report-{report.Run.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.xlsx";
        var link = await files.PublishAsync(request.TenantId, name, ReportWorkbook.ContentType, bytes, ct);
        logger.LogInformation("Report workbook of {Initiative} run {RunId} published for {Person}", initiative.Id, report.Run.Id, request.Person.AadObjectId);
        await request.ReplyAsync(ReportCards.Workbook(request.T, link), ct);
    }
}
