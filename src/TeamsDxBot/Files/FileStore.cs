using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Files;

/// <summary>A published file's metadata (chunk 0 of its rows).</summary>
public sealed record StoredFile(string Id, string TenantId, string FileName, string ContentType, long Size, int ChunkCount,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Table "Files". PartitionKey = file id (32 hex digits, random), RowKey = chunk index zero-padded to
/// five digits ("00000", "00001", …). Each chunk row holds up to <see cref="PropertiesPerChunk"/> binary
/// properties D0…D7 of up to 64 KiB (the Table service's binary property limit), 512 KiB per row, well
/// under the 1 MiB entity limit. Chunk 0 also holds the metadata (tenant, file name, content type,
/// size, chunk count, created). Every row carries ExpiresAt so the sweep finds all of them, including
/// the chunks of a publish that died before its chunk 0 was written.
/// </summary>
public sealed class FileStore(Tables tables, FileSigner signer, IOptions<FileOptions> options, TimeProvider time, ILogger<FileStore> logger)
{
    public const string TableName = "Files";

    internal const int PropertyBytes = 64 * 1024;
    internal const int PropertiesPerChunk = 8;
    internal const int ChunkBytes = PropertyBytes * PropertiesPerChunk;

    private const int RowKeyDigits = 5;
    private const string ExpiresAt = nameof(StoredFile.ExpiresAt);
    private static readonly string[] MetadataColumns =
        [nameof(StoredFile.TenantId), nameof(StoredFile.FileName), nameof(StoredFile.ContentType), nameof(StoredFile.Size),
         nameof(StoredFile.ChunkCount), nameof(StoredFile.CreatedAt), ExpiresAt];
    private static readonly string[] KeyColumns = [nameof(ITableEntity.PartitionKey), nameof(ITableEntity.RowKey)];

    private TableClient Table => tables.Get(TableName);

    /// <summary>Stores the bytes and returns the absolute signed link that serves them until they expire.</summary>
    public async Task<Uri> PublishAsync(string tenantId, string fileName, string contentType, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        if (!IsValidFileName(fileName))
        {
            throw new ArgumentException("A file name must be one path segment of 1–200 characters without control characters.", nameof(fileName));
        }
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out _))
        {
            throw new ArgumentException($"'{contentType}' is not a media type.", nameof(contentType));
        }

        var id = Guid.NewGuid().ToString("N");
        var now = time.GetUtcNow();
        // Whole seconds, so the expiry in the link and the one stored are the same instant.
        var expires = DateTimeOffset.FromUnixTimeSeconds((now + options.Value.Lifetime).ToUnixTimeSeconds());
        var chunkCount = Math.Max(1, (int)((content.Length + (long)ChunkBytes - 1) / ChunkBytes));

        // Chunk 0 is written last: until it exists the file is unknown (404), never served half written.
        await Parallel.ForEachAsync(Enumerable.Range(1, chunkCount - 1), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (index, token) => await Table.AddEntityAsync(Chunk(id, index, content, expires), token));
        var first = Chunk(id, 0, content, expires);
        first.TenantId = tenantId;
        first.FileName = fileName;
        first.ContentType = contentType;
        first.Size = content.Length;
        first.ChunkCount = chunkCount;
        first.CreatedAt = now;
        await Table.AddEntityAsync(first, ct);

        logger.LogInformation("Published file {FileId} ({Size} bytes, {ChunkCount} chunks) for tenant {TenantId}, expires {ExpiresAt}",
            id, content.Length, chunkCount, tenantId, expires);
        return SignedUrl(id, fileName, expires);
    }

    public Uri SignedUrl(string id, string fileName, DateTimeOffset expires)
    {
        var exp = expires.ToUnixTimeSeconds();
        var relative = $"files/{id}/{Uri.EscapeDataString(fileName)}?exp={exp}&sig={signer.Sign(id, fileName, exp)}";
        return new Uri(options.Value.BaseUri(), relative);
    }

    public async Task<StoredFile?> FindAsync(string id, CancellationToken ct)
    {
        if (!IsValidId(id))
        {
            return null;
        }
        var response = await Table.GetEntityIfExistsAsync<ChunkEntity>(id, RowKey(0), MetadataColumns, ct);
        if (!response.HasValue || response.Value is not { } row)
        {
            return null;
        }
        return new StoredFile(id, row.TenantId ?? "", row.FileName ?? "", row.ContentType ?? "application/octet-stream", row.Size ?? 0,
            row.ChunkCount ?? 1, row.CreatedAt ?? default, row.ExpiresAt ?? default);
    }

    /// <summary>
    /// The file's bytes in order, a row at a time (at most two rows in memory). Throws
    /// <see cref="InvalidDataException"/> when a chunk is missing, e.g. swept while being read.
    /// </summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(StoredFile file, [EnumeratorCancellation] CancellationToken ct)
    {
        var expectedIndex = 0;
        long remaining = file.Size;
        // Rows of one partition come back in RowKey order, which the zero padding makes the chunk order.
        await foreach (var row in Table.QueryAsync<ChunkEntity>(e => e.PartitionKey == file.Id, maxPerPage: 2, cancellationToken: ct))
        {
            if (row.RowKey != RowKey(expectedIndex))
            {
                break;
            }
            for (var p = 0; p < PropertiesPerChunk && remaining > 0; p++)
            {
                var data = row.Part(p) ?? throw new InvalidDataException($"File {file.Id} chunk {expectedIndex} lacks part {p}.");
                remaining -= data.Length;
                yield return data;
            }
            expectedIndex++;
        }
        if (expectedIndex != file.ChunkCount || remaining != 0)
        {
            throw new InvalidDataException($"File {file.Id} is incomplete: {expectedIndex} of {file.ChunkCount} chunks, {remaining} bytes missing.");
        }
    }

    /// <summary>
    /// Deletes every row whose file has expired and returns how many files this call removed rows of.
    /// Deletes are unconditional and a row already gone counts as done, so instances sweeping at the
    /// same time (or a sweep retried after a crash) only share the work.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var expired = new List<(string PartitionKey, string RowKey)>();
        // Keys only: the query crosses partitions and must not download the file contents (a property bag for a key-only select).
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ExpiresAt le {now}"), select: KeyColumns, cancellationToken: ct))
        {
            expired.Add((row.PartitionKey, row.RowKey));
        }
        var removedFrom = new HashSet<string>();
        await Parallel.ForEachAsync(expired, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (key, token) =>
        {
            if (await DeleteAsync(key.PartitionKey, key.RowKey, token))
            {
                lock (removedFrom)
                {
                    removedFrom.Add(key.PartitionKey);
                }
            }
        });
        if (removedFrom.Count > 0)
        {
            logger.LogInformation("Swept {FileCount} expired files ({RowCount} rows found)", removedFrom.Count, expired.Count);
        }
        return removedFrom.Count;
    }

    private async Task<bool> DeleteAsync(string partitionKey, string rowKey, CancellationToken ct)
    {
        try
        {
            await Table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            return false;
        }
    }

    private static ChunkEntity Chunk(string id, int index, ReadOnlyMemory<byte> content, DateTimeOffset expires)
    {
        var entity = new ChunkEntity { PartitionKey = id, RowKey = RowKey(index), ExpiresAt = expires };
        var start = (long)index * ChunkBytes;
        for (var p = 0; p < PropertiesPerChunk; p++)
        {
            var offset = start + (long)p * PropertyBytes;
            if (offset >= content.Length)
            {
                break;
            }
            var length = (int)Math.Min(PropertyBytes, content.Length - offset);
            entity.SetPart(p, content.Slice((int)offset, length).ToArray());
        }
        return entity;
    }

    private static string RowKey(int index) => index.ToString("D" + RowKeyDigits, System.Globalization.CultureInfo.InvariantCulture);

    internal static bool IsValidId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    /// <summary>One URL path segment that survives encoding and decoding unchanged (no lone surrogates).</summary>
    internal static bool IsValidFileName(string? fileName)
    {
        if (fileName is not { Length: > 0 and <= 200 } || fileName.Trim() != fileName || fileName is "." or "..")
        {
            return false;
        }
        for (var i = 0; i < fileName.Length; i++)
        {
            var c = fileName[i];
            if (char.IsControl(c) || c is '/' or '\\')
            {
                return false;
            }
            if (char.IsSurrogate(c))
            {
                if (!char.IsSurrogatePair(fileName, i))
                {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /// <summary>
    /// One row of a file: up to <see cref="PropertiesPerChunk"/> binary columns D0…D7 of up to 64 KiB
    /// each (a column's limit), and on chunk 0 the file's metadata.
    /// </summary>
    private sealed class ChunkEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public DateTimeOffset? ExpiresAt { get; set; }
        public string? TenantId { get; set; }
        public string? FileName { get; set; }
        public string? ContentType { get; set; }
        public long? Size { get; set; }
        public int? ChunkCount { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public byte[]? D0 { get; set; }
        public byte[]? D1 { get; set; }
        public byte[]? D2 { get; set; }
        public byte[]? D3 { get; set; }
        public byte[]? D4 { get; set; }
        public byte[]? D5 { get; set; }
        public byte[]? D6 { get; set; }
        public byte[]? D7 { get; set; }

        public byte[]? Part(int p) => p switch { 0 => D0, 1 => D1, 2 => D2, 3 => D3, 4 => D4, 5 => D5, 6 => D6, 7 => D7, _ => null };

        public void SetPart(int p, byte[] data) => _ = p switch
        {
            0 => D0 = data,
            1 => D1 = data,
            2 => D2 = data,
            3 => D3 = data,
            4 => D4 = data,
            5 => D5 = data,
            6 => D6 = data,
            7 => D7 = data,
            _ => throw new ArgumentOutOfRangeException(nameof(p)),
        };
    }
}
