using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;
using TeamsDxBot.Localization;
using TeamsDxBot.Cards;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Metrics;

/// <summary>
/// <c>POST /api/metrics</c>: a system posts one initiative's weekly figures with that initiative's key
/// (<c>Authorization: Bearer tdx_…</c> or <c>X-Api-Key</c>). The key alone decides tenant and initiative.
/// Body: <c>text/csv</c> (the same CSV as the chat card) or <c>application/json</c> (an array of
/// {week, department, activeUsers, inputCompletionRate, errorCount}), UTF-8. Answers 200 {"stored": n},
/// 400 with every problem and its line (CSV) or item (JSON), 401, 413 or 415; messages are English
/// unless Accept-Language asks for Japanese.
/// </summary>
public sealed class MetricsApi(ApiKeyService keys, ToolMetricsService metrics, ILogger<MetricsApi> logger)
{
    public const string Path = "/api/metrics";
    public const string ApiKeyHeader = "X-Api-Key";
    public const string RateLimitPolicy = "metrics";
    /// <summary>500 rows of CSV take about 30 KB; JSON with long names under 100 KB.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private enum Format { Csv, Json }

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
        if (!TryFormat(request.ContentType, out var format))
        {
            logger.LogInformation("Metrics post with key {KeyId} refused: content type {ContentType}", key.Id, request.ContentType);
            return Error(StatusCodes.Status415UnsupportedMediaType, t[nameof(Strings.Metrics_ContentType)]);
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge(t, key);
        }
        var body = await ReadAsync(request.Body, ct);
        if (body is null)
        {
            return TooLarge(t, key);
        }
        // A CSV may come straight from Excel (Shift_JIS on a Japanese Windows); JSON is UTF-8 by definition.
        if ((format == Format.Csv ? CsvText.Decode(body) : StrictUtf8Text(body)) is not { } text)
        {
            return Problems(t, format, [new MetricsProblem(0, nameof(Strings.Metrics_NotUtf8))]);
        }

        var source = ToolMetric.ApiSource(key.Id);
        MetricsUploadResult result;
        try
        {
            result = format == Format.Csv
                ? await metrics.UploadCsvAsync(key.TenantId, key.InitiativeId, source, text, ct)
                : await metrics.UploadJsonAsync(key.TenantId, key.InitiativeId, source, text, ct);
        }
        catch (RequestFailedException e)
        {
            logger.LogError(e, "Could not store figures posted with key {KeyId} for initiative {InitiativeId}", key.Id, key.InitiativeId);
            return Error(StatusCodes.Status503ServiceUnavailable, t[nameof(Strings.Metrics_StorageUnavailable)]);
        }
        if (!result.Stored)
        {
            logger.LogInformation("Metrics post with key {KeyId} refused with {ProblemCount} problems", key.Id, result.Problems.Count);
            return Problems(t, format, result.Problems);
        }
        return Results.Json(new { stored = result.Write!.Stored, added = result.Write.Added, replaced = result.Write.Replaced }, Json);
    }

    /// <summary>The answer past <see cref="MetricsOptions.PostsPerMinute"/>: 429, when to come back, and why, in the caller's language.</summary>
    public static async Task TooManyAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var response = rejected.HttpContext.Response;
        var t = Language(rejected.HttpContext.Request);
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.ContentLanguage = t.Culture.TwoLetterISOLanguageName;
        await response.WriteAsJsonAsync(new { error = t.Format(nameof(Strings.Metrics_TooManyRequests), seconds) }, Json, ct);
    }

    private IResult TooLarge(Texts t, ApiKey key)
    {
        logger.LogInformation("Metrics post with key {KeyId} refused: body above {MaxBytes} bytes", key.Id, MaxBodyBytes);
        return Error(StatusCodes.Status413PayloadTooLarge, t.Format(nameof(Strings.Metrics_BodyTooLarge), MaxBodyBytes / 1024, MetricsInput.MaxRows));
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..];
        }
        var header = request.Headers[ApiKeyHeader].ToString();
        return header.Length > 0 ? header : null;
    }

    /// <summary>English unless the caller prefers Japanese; other languages fall back to English, the usual language of APIs.</summary>
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
        if (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !media.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (media.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return true;
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

    private static IResult Problems(Texts t, Format format, IReadOnlyList<MetricsProblem> problems) => Results.Json(new
    {
        error = t.Format(nameof(Strings.Metrics_ProblemsTitle), problems.Count) + " " + t[nameof(Strings.Metrics_NothingStored)],
        problems = problems.Select(p => new
        {
            line = format == Format.Csv && p.Line > 0 ? p.Line : (int?)null,
            item = format == Format.Json && p.Line > 0 ? p.Line : (int?)null,
            code = p.Key.Replace("Metrics_", "", StringComparison.Ordinal),
            message = t.Format(p.Key, p.Args),
        }),
    }, Json, statusCode: StatusCodes.Status400BadRequest);
}
