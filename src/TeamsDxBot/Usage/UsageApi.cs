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

    private enum Format { Csv, Json }

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var ct = context.RequestAborted;
        var t = Language(request);
        context.Response.Headers.ContentLanguage = t.Culture.TwoLetterISOLanguageName;

        var key = await keys.AuthenticateAsync(PresentedKey(request), ct);
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
        if (!TryFormat(request.ContentType, out var format))
        {
            return Error(StatusCodes.Status415UnsupportedMediaType, t[nameof(Strings.Usage_ContentType)]);
        }
        if (request.ContentLength > MaxBodyBytes || await ReadAsync(request.Body, ct) is not { } body)
        {
            logger.LogInformation("Usage post with key {KeyId} refused: body above {MaxBytes} bytes", key.Id, MaxBodyBytes);
            return Error(StatusCodes.Status413PayloadTooLarge, t.Format(nameof(Strings.Usage_BodyTooLarge), MaxBodyBytes / 1024 / 1024));
        }
        // A CSV may come straight from Excel (Shift_JIS on a Japanese Windows); JSON is UTF-8 by definition.
        if ((format == Format.Csv ? CsvText.Decode(body) : StrictUtf8Text(body)) is not { } text)
        {
            return Problems(t, format, [new UsageProblem(0, nameof(Strings.Usage_NotUtf8))]);
        }

        var source = UsageSource.Api(key.Id);
        UsageImportResult result;
        try
        {
            result = format == Format.Csv
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
                message = result.Unmatched.Count == 0 ? null : UsageCards.UnmatchedText(t, result.Unmatched, format == Format.Json),
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

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..];
        }
        var header = request.Headers[MetricsApi.ApiKeyHeader].ToString();
        return header.Length > 0 ? header : null;
    }

    /// <summary>English unless the caller prefers Japanese, as for <c>/api/metrics</c>.</summary>
    private static Texts Language(HttpRequest request)
    {
        var preferred = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is null or > 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => Languages.Match(l.Value.Value))
            .FirstOrDefault(c => c is not null);
        return Texts.For(preferred ?? Languages.English);
    }

    private static bool TryFormat(string? contentType, out Format format)
    {
        format = Format.Csv;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }
        if (media.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            // Shift_JIS CSV is welcome; the bytes decide, whatever charset the sender named.
            return true;
        }
        if (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !media.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        format = Format.Json;
        return media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The body, or null when it is longer than <see cref="MaxBodyBytes"/> (chunked bodies carry no length to check first).</summary>
    private static async Task<byte[]?> ReadAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, Json, statusCode: status);

    private static IResult Problems(Texts t, Format format, IReadOnlyList<UsageProblem> problems) => Results.Json(new
    {
        error = t.Format(nameof(Strings.Usage_ProblemsTitle), problems.Count) + " " + t[nameof(Strings.Usage_NothingStored)],
        problems = problems.Select(p => new
        {
            line = format == Format.Csv && p.Line > 0 ? p.Line : (int?)null,
            item = format == Format.Json && p.Line > 0 ? p.Line : (int?)null,
            code = p.Key.Replace("Usage_", "", StringComparison.Ordinal),
            message = t.Format(p.Key, p.Args),
        }),
    }, Json, statusCode: StatusCodes.Status400BadRequest);
}
