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
        var t = ApiImport.Language(request);
        context.Response.Headers.ContentLanguage = t.Culture.TwoLetterISOLanguageName;

        var key = await keys.AuthenticateAsync(ApiImport.PresentedKey(request), ct);
        if (key is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Error(StatusCodes.Status401Unauthorized, t[nameof(Strings.ApiKey_Unauthorized)]);
        }
        if (!ApiImport.TryFormat(request.ContentType, csvInAnyCharset: false, out var format))
        {
            logger.LogInformation("Metrics post with key {KeyId} refused: content type {ContentType}", key.Id, request.ContentType);
            return Error(StatusCodes.Status415UnsupportedMediaType, t[nameof(Strings.Metrics_ContentType)]);
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge(t, key);
        }
        var body = await ApiImport.ReadAsync(request.Body, MaxBodyBytes, ct);
        if (body is null)
        {
            return TooLarge(t, key);
        }
        // A CSV may come straight from Excel (Shift_JIS on a Japanese Windows); JSON is UTF-8 by definition.
        if ((format == ApiImport.BodyFormat.Csv ? CsvText.Decode(body) : StrictUtf8Text(body)) is not { } text)
        {
            return Problems(t, format, [new MetricsProblem(0, nameof(Strings.Metrics_NotUtf8))]);
        }

        var source = ToolMetric.ApiSource(key.Id);
        MetricsUploadResult result;
        try
        {
            result = format == ApiImport.BodyFormat.Csv
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
        var t = ApiImport.Language(rejected.HttpContext.Request);
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

    private static IResult Error(int status, string message) => ApiImport.Error(status, message, Json);

    private static IResult Problems(Texts t, ApiImport.BodyFormat format, IReadOnlyList<MetricsProblem> problems) => ApiImport.Problems(format,
        t.Format(nameof(Strings.Metrics_ProblemsTitle), problems.Count) + " " + t[nameof(Strings.Metrics_NothingStored)],
        problems.Select(p => (p.Line, p.Key.Replace("Metrics_", "", StringComparison.Ordinal), t.Format(p.Key, p.Args))), Json);
}
