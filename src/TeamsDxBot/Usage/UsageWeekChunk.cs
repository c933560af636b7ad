using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;

namespace TeamsDxBot.Usage;

/// <summary>
/// The people of one initiative whose ids hash to one chunk, with all their weeks, as one table row: a
/// deflated binary blob cut into binary properties "D0", "D1", … of at most <see cref="PartBytes"/> each.
/// Blob: version byte; the imports it refers to (count, then source and UTC ticks each); the people
/// (count, then per person: id, week count, and per week: weeks since the previous one (the first: since
/// week 0), a byte of active days (bits 0–2), last active day after Monday (bits 3–5) and whether a count
/// follows (bit 6), the count if so, and the import's index). Counts and numbers are 7-bit encoded.
/// </summary>
internal sealed class UsageWeekChunk
{
    private const byte Version = 1;
    /// <summary>The Table service allows binary properties of up to 64 KiB.</summary>
    public const int PartBytes = 64_000;
    /// <summary>An entity may hold 1 MiB; keys and the other properties keep well under it with this many parts.</summary>
    public const int MaxParts = 15;
    private const string PartPrefix = "D";
    private const string PartsProperty = "Parts";

    public List<UsageStamp> Stamps { get; } = [];

    public Dictionary<string, UsageHistory> People { get; } = new(StringComparer.Ordinal);

    public int StampOf(string source, DateTimeOffset receivedAt)
    {
        var stamp = new UsageStamp(source, receivedAt);
        var index = Stamps.IndexOf(stamp);
        if (index >= 0)
        {
            return index;
        }
        Stamps.Add(stamp);
        return Stamps.Count - 1;
    }

    public UsageHistory PersonOrNew(string personId)
    {
        if (!People.TryGetValue(personId, out var person))
        {
            person = new UsageHistory(personId, [], Stamps);
            People.Add(personId, person);
        }
        return person;
    }

    public static UsageWeekChunk Decode(TableEntity entity)
    {
        var parts = entity.GetInt32(PartsProperty) ?? 0;
        using var blob = new MemoryStream();
        for (var i = 0; i < parts; i++)
        {
            blob.Write(entity.GetBinary(PartPrefix + i) ?? []);
        }
        blob.Position = 0;
        using var inflate = new DeflateStream(blob, CompressionMode.Decompress);
        using var reader = new BinaryReader(new BufferedStream(inflate, 1 << 16), Encoding.UTF8);
        var chunk = new UsageWeekChunk();
        if (parts == 0)
        {
            return chunk;
        }
        if (reader.ReadByte() != Version)
        {
            throw new InvalidDataException($"Usage chunk {entity.PartitionKey}/{entity.RowKey} has an unknown version.");
        }
        var stampCount = reader.Read7BitEncodedInt();
        for (var i = 0; i < stampCount; i++)
        {
            chunk.Stamps.Add(new UsageStamp(reader.ReadString(), new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero)));
        }
        var people = reader.Read7BitEncodedInt();
        for (var p = 0; p < people; p++)
        {
            var id = reader.ReadString();
            var count = reader.Read7BitEncodedInt();
            var weeks = new List<UsageWeekEntry>(count);
            var week = 0;
            for (var w = 0; w < count; w++)
            {
                week += reader.Read7BitEncodedInt();
                var flags = reader.ReadByte();
                var uses = (flags & 0x40) != 0 ? reader.Read7BitEncodedInt() : -1;
                weeks.Add(new UsageWeekEntry(week, (byte)(flags & 7), (byte)((flags >> 3) & 7), uses, reader.Read7BitEncodedInt()));
            }
            chunk.People.Add(id, new UsageHistory(id, weeks, chunk.Stamps));
        }
        return chunk;
    }

    /// <summary>The row for this chunk, or null when nobody is left in it. Imports nobody refers to any more are dropped.</summary>
    public TableEntity? Encode(string partitionKey, string rowKey)
    {
        var people = People.Values.Where(p => p.Entries.Count > 0).OrderBy(p => p.PersonId, StringComparer.Ordinal).ToList();
        if (people.Count == 0)
        {
            return null;
        }
        var used = people.SelectMany(p => p.Entries).Select(e => e.Stamp).Distinct().Order().ToList();
        var renumber = used.Select((old, i) => (old, i)).ToDictionary(x => x.old, x => x.i);
        using var blob = new MemoryStream();
        using (var deflate = new DeflateStream(blob, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(new BufferedStream(deflate, 1 << 16), Encoding.UTF8))
        {
            writer.Write(Version);
            writer.Write7BitEncodedInt(used.Count);
            foreach (var stamp in used.Select(i => Stamps[i]))
            {
                writer.Write(stamp.Source);
                writer.Write(stamp.ReceivedAt.UtcTicks);
            }
            writer.Write7BitEncodedInt(people.Count);
            foreach (var person in people)
            {
                writer.Write(person.PersonId);
                writer.Write7BitEncodedInt(person.Entries.Count);
                var week = 0;
                foreach (var entry in person.Entries)
                {
                    writer.Write7BitEncodedInt(entry.Week - week);
                    week = entry.Week;
                    writer.Write((byte)(entry.ActiveDays | (entry.LastDay << 3) | (entry.Uses >= 0 ? 0x40 : 0)));
                    if (entry.Uses >= 0)
                    {
                        writer.Write7BitEncodedInt(entry.Uses);
                    }
                    writer.Write7BitEncodedInt(renumber[entry.Stamp]);
                }
            }
        }
        var bytes = blob.ToArray();
        var parts = (bytes.Length + PartBytes - 1) / PartBytes;
        if (parts > MaxParts)
        {
            throw new InvalidOperationException($"Usage chunk {partitionKey}/{rowKey} would take {bytes.Length} bytes, more than a table row holds.");
        }
        var entity = new TableEntity(partitionKey, rowKey)
        {
            [PartsProperty] = parts,
            ["People"] = people.Count,
            ["PersonWeeks"] = people.Sum(p => p.Entries.Count),
        };
        for (var i = 0; i < parts; i++)
        {
            entity[PartPrefix + i] = bytes.AsSpan(i * PartBytes, Math.Min(PartBytes, bytes.Length - (i * PartBytes))).ToArray();
        }
        return entity;
    }

    /// <summary>What the row costs in a transaction's body (binary is sent as base64).</summary>
    public static long WireBytes(TableEntity entity) =>
        1024 + entity.Keys.Where(k => k.StartsWith(PartPrefix, StringComparison.Ordinal)).Sum(k => ((entity.GetBinary(k)?.Length ?? 0) * 4L / 3) + 64);
}
