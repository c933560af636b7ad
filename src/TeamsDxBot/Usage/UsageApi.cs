using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Microsoft.Net.Http.Headers;
using TeamsDxBot.Cards;
using TeamsDxBot.Localization;
using TeamsDxBot.Metrics;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Usage;

/// <summary>
/// <c>POST /api/usage?initiative={id}</c>: a system posts per-person usage of one initiative's tool with that
/// initiative's API key (the same key as <c>/api/metrics</c>; <c>Authorization: Bearer tdx_…</c> or
/// <c>X-Api-Key</c>). Body: <c>text/csv</c> (UTF-8 or Shift_JIS) or <c>application/json</c> (UTF-8), active
/// days or a user list with last active dates. Answers 200 with what was stored and the unmatched lines,
/// 400 with every problem and its line (CSV) or item (JSON), 401 without a valid key, 403 when the key is
/// another initiative's, 413, 415, 503; messages are English unless Accept-Language asks for Japanese.
/// </summary>
public sealed class UsageApi(ApiKeyService keys, UsageImportService imports, ILogger<UsageApi> logger)
{
    public const string Path = "/api/usage";
    public const string InitiativeParameter = "initiative";
    /// <summary>A user list of 20,000 people with long addresses and timestamps stays under this.</summary>
    public const int MaxBodyBytes = 2 * 1024 * 1024;
    public const int MaxUnmatchedListed = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var ct = context.RequestAborted;
        var t = ApiImport.Language(request);
        context.Response.Headers.ContentLanguage = t.Culture.TwoLetterISOLanguageName;

        var key = await keys.AuthenticateAsync(ApiImport.PresentedKey(request), ct);
        if (key is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Error(StatusCodes.Status401Unauthorized, t[nameof(Strings.ApiKey_Unauthorized)]);
        }
        var initiativeId = request.Query[InitiativeParameter].ToString();
        if (initiativeId.Length == 0)
        {
            return Error(StatusCodes.Status400BadRequest, t[nameof(Strings.Usage_InitiativeParameterMissing)]);
        }
        if (!string.Equals(initiativeId, key.InitiativeId, StringComparison.Ordinal))
        {
            // The key is real but names another tool: a mix-up of keys, refused without saying which tool it is for.
            logger.LogWarning("Usage post with key {KeyId} refused: key is not for the requested initiative", key.Id);
            return Error(StatusCodes.Status403Forbidden, t[nameof(Strings.Usage_KeyForOtherInitiative)]);
        }
        if (!ApiImport.TryFormat(request.ContentType, csvInAnyCharset: true, out var format))
        {
            return Error(StatusCodes.Status415UnsupportedMediaType, t[nameof(Strings.Usage_ContentType)]);
        }
        if (request.ContentLength > MaxBodyBytes || await ApiImport.ReadAsync(request.Body, MaxBodyBytes, ct) is not { } body)
        {
            logger.LogInformation("Usage post with key {KeyId} refused: body above {MaxBytes} bytes", key.Id, MaxBodyBytes);
            return Error(StatusCodes.Status413PayloadTooLarge, t.Format(nameof(Strings.Usage_BodyTooLarge), MaxBodyBytes / 1024 / 1024));
        }
        // A CSV may come straight from Excel (Shift_JIS on a Japanese Windows); JSON is UTF-8 by definition.
        if ((format == ApiImport.BodyFormat.Csv ? CsvText.Decode(body) : StrictUtf8Text(body)) is not { } text)
        {
            return Problems(t, format, [new UsageProblem(0, nameof(Strings.Usage_NotUtf8))]);
        }

        var source = UsageSource.Api(key.Id);
        UsageImportResult result;
        try
        {
            result = format == ApiImport.BodyFormat.Csv
                ? await imports.ImportCsvAsync(key.TenantId, key.InitiativeId, source, text, ct)
                : await imports.ImportJsonAsync(key.TenantId, key.InitiativeId, source, text, ct);
        }
        catch (Exception e) when (e is RequestFailedException or Azure.Data.Tables.TableTransactionFailedException)
        {
            logger.LogError(e, "Could not store usage posted with key {KeyId} for initiative {InitiativeId}", key.Id, key.InitiativeId);
            return Error(StatusCodes.Status503ServiceUnavailable, t[nameof(Strings.Usage_StorageUnavailable)]);
        }
        if (!result.Stored)
        {
            logger.LogInformation("Usage post with key {KeyId} refused with {ProblemCount} problems", key.Id, result.Problems.Count);
            return Problems(t, format, result.Problems);
        }
        return Results.Json(new
        {
            stored = result.Write!.Stored,
            removed = result.Write.Removed,
            people = result.People,
            weeks = result.WeeksOrEmpty.Select(w => w.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            unmatched = new
            {
                count = result.Unmatched.Count,
                // The API lists every unmatched line: a system can act on all of them, a person reads the first 20.
                lines = result.Unmatched,
                message = result.Unmatched.Count == 0 ? null : UsageCards.UnmatchedText(t, result.Unmatched, format == ApiImport.BodyFormat.Json),
            },
        }, Json);
    }

    private static string? StrictUtf8Text(byte[] body)
    {
        try
        {
            return StrictUtf8.GetString(body).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static IResult Error(int status, string message) => ApiImport.Error(status, message, Json);

    private static IResult Problems(Texts t, ApiImport.BodyFormat format, IReadOnlyList<UsageProblem> problems) => ApiImport.Problems(format,
        t.Format(nameof(Strings.Usage_ProblemsTitle), problems.Count) + " " + t[nameof(Strings.Usage_NothingStored)],
        problems.Select(p => (p.Line, p.Key.Replace("Usage_", "", StringComparison.Ordinal), t.Format(p.Key, p.Args))), Json);
}
