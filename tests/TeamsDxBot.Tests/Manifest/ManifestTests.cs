using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;

namespace TeamsDxBot.Tests.Manifest;

/// <summary>
/// Checks the Teams app package sources in <c>manifest/</c> offline: JSON schema validity
/// (official v1.29 and localization schemas, vendored with their license in <c>manifest/schemas</c>), icon format, and
/// that every Japanese command has an English counterpart.
/// </summary>
public class ManifestTests
{
    private const string PlaceholderGuid = "00000000-0000-0000-0000-000000000000";

    private static readonly string RepoRoot = FindRepoRoot();
    private static readonly string ManifestDir = Path.Combine(RepoRoot, "manifest");
    private static readonly string SchemaDir = Path.Combine(RepoRoot, "manifest", "schemas");

    [Theory]
    [InlineData("manifest.json", "MicrosoftTeams.v1.29.schema.json")]
    [InlineData("en-us.json", "MicrosoftTeams.Localization.schema.json")]
    public async Task JsonFileIsValidAgainstOfficialSchema(string file, string schemaFile)
    {
        var schemaPath = Path.Combine(SchemaDir, schemaFile);
        Assert.True(File.Exists(schemaPath), $"schema not found: {schemaPath}");

        // The schemas must only reference themselves ("#/..."), so loading them never touches the network.
        using var schemaDocument = JsonDocument.Parse(await File.ReadAllTextAsync(schemaPath));
        var externalRefs = CollectRefs(schemaDocument.RootElement)
            .Where(r => !r.StartsWith('#'))
            .ToList();
        Assert.True(externalRefs.Count == 0, $"{schemaFile} has external $refs: {string.Join(", ", externalRefs)}");

        var schema = await JsonSchema.FromFileAsync(schemaPath);
        var json = await File.ReadAllTextAsync(Path.Combine(ManifestDir, file));
        var errors = schema.Validate(json);

        Assert.True(errors.Count == 0, $"{file} is not valid against {schemaFile}:\n{Describe(errors)}");
    }

    [Fact]
    public void ManifestHasExpectedIdentityAndLanguages()
    {
        using var manifest = ReadJson("manifest.json");
        var root = manifest.RootElement;

        // The schema pins manifestVersion with "const", which NJsonSchema (draft-04) does not enforce: check it here.
        Assert.Equal("1.29", root.GetProperty("manifestVersion").GetString());
        Assert.Matches(@"^[0-9]+\.[0-9]+\.[0-9]+$", root.GetProperty("version").GetString());
        // scripts/package-manifest.sh replaces this placeholder with the real app id in both places.
        Assert.Equal(PlaceholderGuid, root.GetProperty("id").GetString());
        var bot = Assert.Single(root.GetProperty("bots").EnumerateArray());
        Assert.Equal(PlaceholderGuid, bot.GetProperty("botId").GetString());
        string[] scopes = ["personal", "team"];
        Assert.Equal(scopes, bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString() ?? ""));

        var localization = root.GetProperty("localizationInfo");
        Assert.Equal("ja-jp", localization.GetProperty("defaultLanguageTag").GetString());
        var english = Assert.Single(localization.GetProperty("additionalLanguages").EnumerateArray());
        Assert.Equal("en-us", english.GetProperty("languageTag").GetString());
        Assert.True(File.Exists(Path.Combine(ManifestDir, english.GetProperty("file").GetString() ?? "")));

        Assert.Equal("DX推進ボット", root.GetProperty("name").GetProperty("short").GetString());
        using var en = ReadJson("en-us.json");
        Assert.Equal("TeamsDxBot", en.RootElement.GetProperty("name.short").GetString());
    }

    [Fact]
    public void EveryCommandHasAnEnglishCounterpart()
    {
        using var manifest = ReadJson("manifest.json");
        using var en = ReadJson("en-us.json");
        var english = en.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
        var lists = manifest.RootElement.GetProperty("bots")[0].GetProperty("commandLists").EnumerateArray().ToList();

        var personal = Assert.Single(lists, l => l.GetProperty("scopes").EnumerateArray().Any(s => s.GetString() == "personal"));
        Assert.NotEmpty(personal.GetProperty("commands").EnumerateArray());

        var expectedKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lists.Count; i++)
        {
            var commands = lists[i].GetProperty("commands").EnumerateArray().ToList();
            var titles = commands.Select(c => c.GetProperty("title").GetString()).ToList();
            Assert.Equal(titles.Count, titles.Distinct(StringComparer.Ordinal).Count());
            for (var j = 0; j < commands.Count; j++)
            {
                foreach (var field in new[] { "title", "description" })
                {
                    Assert.True(commands[j].TryGetProperty(field, out var ja) && !string.IsNullOrWhiteSpace(ja.GetString()), $"command [{i}][{j}] lacks a Japanese {field}");
                    var key = $"bots[0].commandLists[{i}].commands[{j}].{field}";
                    expectedKeys.Add(key);
                    Assert.True(english.TryGetValue(key, out var text) && !string.IsNullOrWhiteSpace(text), $"en-us.json lacks \"{key}\" (ja: {ja.GetString()})");
                    Assert.True((ja.GetString() ?? "").Length <= (field == "title" ? 32 : 128), $"{key} too long in manifest.json");
                    Assert.True(text.Length <= (field == "title" ? 32 : 128), $"{key} too long in en-us.json");
                }
            }
        }

        var stale = english.Keys.Where(k => k.StartsWith("bots[", StringComparison.Ordinal) && !expectedKeys.Contains(k)).ToList();
        Assert.True(stale.Count == 0, $"en-us.json has keys for commands that do not exist: {string.Join(", ", stale)}");
    }

    [Theory]
    [InlineData("color.png", 192)]
    [InlineData("outline.png", 32)]
    public void IconIsPngOfExactSize(string file, int size)
    {
        var png = ReadPng(File.ReadAllBytes(Path.Combine(ManifestDir, file)));
        Assert.Equal(size, png.Width);
        Assert.Equal(size, png.Height);
    }

    [Fact]
    public void OutlineIconIsWhiteOnTransparent()
    {
        var png = ReadPng(File.ReadAllBytes(Path.Combine(ManifestDir, "outline.png")));
        Assert.True(png.ColorType == 6 && png.BitDepth == 8, $"outline.png must be 8-bit RGBA (colour type 6), got type {png.ColorType}, depth {png.BitDepth}");

        var pixels = Unfilter(png, bytesPerPixel: 4);
        var visible = 0;
        for (var p = 0; p < pixels.Length; p += 4)
        {
            if (pixels[p + 3] == 0)
            {
                continue;
            }

            visible++;
            Assert.True(pixels[p] == 255 && pixels[p + 1] == 255 && pixels[p + 2] == 255,
                $"pixel ({p / 4 % png.Width},{p / 4 / png.Width}) is visible but not white: rgba({pixels[p]},{pixels[p + 1]},{pixels[p + 2]},{pixels[p + 3]})");
        }

        Assert.True(visible > 0, "outline.png is fully transparent");
        Assert.True(visible < pixels.Length / 4, "outline.png has no transparent background");
    }

    private sealed record Png(int Width, int Height, byte BitDepth, byte ColorType, byte Interlace, byte[] ImageData);

    private static Png ReadPng(byte[] bytes)
    {
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(signature), "not a PNG file");
        Assert.Equal("IHDR", Encoding.ASCII.GetString(bytes, 12, 4));

        var ihdr = bytes.AsSpan(16, 13);
        using var idat = new MemoryStream();
        for (var offset = 8; offset + 8 <= bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset, 4));
            if (Encoding.ASCII.GetString(bytes, offset + 4, 4) == "IDAT")
            {
                idat.Write(bytes, offset + 8, length);
            }

            offset += length + 12;
        }

        return new Png(
            BinaryPrimitives.ReadInt32BigEndian(ihdr[..4]),
            BinaryPrimitives.ReadInt32BigEndian(ihdr.Slice(4, 4)),
            ihdr[8],
            ihdr[9],
            ihdr[12],
            idat.ToArray());
    }

    /// <summary>Inflates IDAT and reverses the PNG scanline filters (non-interlaced, 8-bit samples).</summary>
    private static byte[] Unfilter(Png png, int bytesPerPixel)
    {
        Assert.Equal(0, png.Interlace);
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(png.ImageData), CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var stride = png.Width * bytesPerPixel;
        Assert.Equal(png.Height * (stride + 1), raw.Length);
        var output = new byte[png.Height * stride];
        for (var y = 0; y < png.Height; y++)
        {
            var filter = raw[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                int a = x >= bytesPerPixel ? output[(y * stride) + x - bytesPerPixel] : 0;
                int b = y > 0 ? output[((y - 1) * stride) + x] : 0;
                int c = x >= bytesPerPixel && y > 0 ? output[((y - 1) * stride) + x - bytesPerPixel] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"unknown PNG filter {filter} on row {y}"),
                };
                output[(y * stride) + x] = (byte)(raw[(y * (stride + 1)) + 1 + x] + predictor);
            }
        }

        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static IEnumerable<string> CollectRefs(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "$ref" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        yield return property.Value.GetString() ?? "";
                    }

                    foreach (var nested in CollectRefs(property.Value))
                    {
                        yield return nested;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var nested in element.EnumerateArray().SelectMany(CollectRefs))
                {
                    yield return nested;
                }

                break;
            default:
                break;
        }
    }

    private static string Describe(IEnumerable<ValidationError> errors) =>
        string.Join(Environment.NewLine, errors.Select(e => $"  line {e.LineNumber}: {e}")); // ToString() includes nested errors

    private static JsonDocument ReadJson(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(ManifestDir, file)));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TeamsDxBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"TeamsDxBot.sln not found above {AppContext.BaseDirectory}");
    }
}
