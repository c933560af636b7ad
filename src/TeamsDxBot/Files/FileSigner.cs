using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TeamsDxBot.Security;

namespace TeamsDxBot.Files;

/// <summary>HMAC-SHA256 over "id|fileName|exp"; the id and exp cannot contain '|', so the message is unambiguous.</summary>
public sealed class FileSigner(IOptions<SecurityOptions> options)
{
    private const int SignatureChars = 43; // base64url of 32 bytes, unpadded

    // Read on first use, not when the host builds its services: a missing key is then reported by the
    // start-up settings check together with every other missing setting.
    private readonly Lazy<byte[]> key = new(() => options.Value.KeyBytes());

    public string Sign(string id, string fileName, long expires) => Base64Url.EncodeToString(Mac(id, fileName, expires));

    public bool IsValid(string id, string fileName, long expires, string? signature)
    {
        if (signature is not { Length: SignatureChars } || !Ascii.IsValid(signature))
        {
            return false;
        }
        // Comparing the canonical text (not decoded bytes) refuses encodings that differ only in the
        // unused low bits of the last character.
        var expected = Base64Url.EncodeToUtf8(Mac(id, fileName, expires));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private byte[] Mac(string id, string fileName, long expires) =>
        HMACSHA256.HashData(key.Value, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}|{fileName}|{expires}")));
}
