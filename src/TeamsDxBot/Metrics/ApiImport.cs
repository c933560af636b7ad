using System.Text.Json;
using Microsoft.Net.Http.Headers;
using TeamsDxBot.Localization;

namespace TeamsDxBot.Metrics;

/// <summary>
/// What the import APIs (<c>/api/metrics</c>, <c>/api/usage</c>) share: the body's format from its
/// Content-Type, reading it up to a limit, and the JSON of an error and of line problems.
/// </summary>
public static class ApiImport
{
    public enum BodyFormat { Csv, Json }

    /// <summary>The key as sent: <c>Authorization: Bearer …</c> or the <c>X-Api-Key</c> header.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..];
        }
        var header = request.Headers[MetricsApi.ApiKeyHeader].ToString();
        return header.Length > 0 ? header : null;
    }

    /// <summary>English unless the caller prefers Japanese; other languages fall back to English, the usual language of APIs.</summary>
    public static Texts Language(HttpRequest request)
    {
        var preferred = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is null or > 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => Languages.Match(l.Value.Value))
            .FirstOrDefault(c => c is not null);
        return Texts.For(preferred ?? Languages.English);
    }

    /// <param name="csvInAnyCharset">CSV may come in Shift_JIS whatever charset the sender named: the bytes decide.</param>
    public static bool TryFormat(string? contentType, bool csvInAnyCharset, out BodyFormat format)
    {
        format = BodyFormat.Csv;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }
        var csv = media.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase);
        if (csv && csvInAnyCharset)
        {
            return true;
        }
        if (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !media.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (csv)
        {
            return true;
        }
        format = BodyFormat.Json;
        return media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/> (chunked bodies carry no length to check first).</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, int maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static IResult Error(int status, string message, JsonSerializerOptions json) => Results.Json(new { error = message }, json, statusCode: status);

    /// <summary>400 with every problem: its CSV line or JSON item (0 = the whole body), a code and the message.</summary>
    public static IResult Problems(BodyFormat format, string error, IEnumerable<(int Line, string Code, string Message)> problems, JsonSerializerOptions json) =>
        Results.Json(new
        {
            error,
            problems = problems.Select(p => new
            {
                line = format == BodyFormat.Csv && p.Line > 0 ? p.Line : (int?)null,
                item = format == BodyFormat.Json && p.Line > 0 ? p.Line : (int?)null,
                code = p.Code,
                message = p.Message,
            }),
        }, json, statusCode: StatusCodes.Status400BadRequest);
}
