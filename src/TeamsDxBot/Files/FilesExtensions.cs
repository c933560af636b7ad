using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Files;

/// <summary>
/// Files the bot serves itself (report charts, CSV exports) behind signed, expiring links: the Teams
/// client fetches an Adaptive Card image without the bot's credentials, so the link is the only key.
/// </summary>
public static class FilesExtensions
{
    // Raster images only: an inline SVG or HTML would run script with this host as its origin.
    private static readonly HashSet<string> InlineTypes = new(StringComparer.OrdinalIgnoreCase) { "image/png", "image/jpeg", "image/gif", "image/webp" };

    public static IHostApplicationBuilder AddFiles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FileOptions>().Bind(builder.Configuration.GetSection(FileOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FileOptions>, FileOptionsValidator>();
        builder.Services.AddTable(FileStore.TableName);
        builder.Services.AddSingleton<FileSigner>();
        builder.Services.AddSingleton<FileStore>();
        builder.Services.AddHostedService<FileSweeper>();
        return builder;
    }

    public static IEndpointRouteBuilder MapFiles(this WebApplication app)
    {
        app.MapGet("/files/{id}/{fileName}", ServeAsync);
        return app;
    }

    private static async Task ServeAsync(HttpContext context, string id, string fileName, FileStore store, FileSigner signer, TimeProvider time, ILogger<FileStore> logger)
    {
        var response = context.Response;
        var query = context.Request.Query;
        // The signature is checked before storage is read, so an unsigned request learns nothing about which ids exist.
        if (!long.TryParse(query["exp"], NumberStyles.None, CultureInfo.InvariantCulture, out var exp) || exp > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || !IsCanonical(context.Request, exp, query["sig"]) || !signer.IsValid(id, fileName, exp, query["sig"]))
        {
            response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        var now = time.GetUtcNow();
        var expires = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (now >= expires)
        {
            response.StatusCode = StatusCodes.Status410Gone;
            return;
        }
        var file = await store.FindAsync(id, context.RequestAborted);
        if (file is null || file.FileName != fileName)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (now >= file.ExpiresAt)
        {
            response.StatusCode = StatusCodes.Status410Gone;
            return;
        }

        response.ContentType = file.ContentType;
        response.ContentLength = file.Size;
        var disposition = new ContentDispositionHeaderValue(IsInline(file.ContentType) ? "inline" : "attachment");
        // filename* (RFC 5987, UTF-8) carries Japanese names; filename is the ASCII fallback.
        disposition.SetHttpFileName(file.FileName);
        response.Headers.ContentDisposition = disposition.ToString();
        var maxAge = (long)Math.Floor((Min(expires, file.ExpiresAt) - now).TotalSeconds);
        response.Headers.CacheControl = string.Create(CultureInfo.InvariantCulture, $"private, max-age={maxAge}");
        response.Headers.XContentTypeOptions = "nosniff";
        try
        {
            await foreach (var part in store.ReadAsync(file, context.RequestAborted))
            {
                await response.Body.WriteAsync(part, context.RequestAborted);
            }
        }
        catch (InvalidDataException e)
        {
            // Rows deleted under the reader (a sweep, or a publish that died): never end a download that
            // looks complete but is not.
            logger.LogWarning(e, "File {FileId} could not be read completely", id);
            if (response.HasStarted)
            {
                context.Abort();
            }
            else
            {
                response.Headers.Remove(HeaderNames.ContentDisposition);
                response.ContentLength = null;
                response.StatusCode = StatusCodes.Status404NotFound;
            }
        }
    }

    /// <summary>
    /// Only the form <see cref="FileStore.SignedUrl"/> writes: no trailing slash, exactly "?exp=…&amp;sig=…" in that
    /// order, exp without sign or leading zeros. A link is a capability; variants of it would let one link pass
    /// caches and filters as many.
    /// </summary>
    private static bool IsCanonical(HttpRequest request, long exp, string? signature) =>
        !request.Path.Value!.EndsWith('/')
        && string.Equals(request.QueryString.Value, string.Create(CultureInfo.InvariantCulture, $"?exp={exp}&sig={signature}"), StringComparison.Ordinal);

    private static bool IsInline(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && InlineTypes.Contains(parsed.MediaType.Value ?? "");

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>Deletes expired files on a schedule; safe with several instances (see FileStore.SweepAsync).</summary>
public sealed class FileSweeper(FileStore store, IOptionsMonitor<FileOptions> options, TimeProvider time, ILogger<FileSweeper> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.CurrentValue.SweepInterval;

    protected override Task RunOnceAsync(CancellationToken ct) => store.SweepAsync(ct);
}
