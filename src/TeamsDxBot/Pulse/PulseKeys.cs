using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using FileOptions = TeamsDxBot.Files.FileOptions;

namespace TeamsDxBot.Pulse;

/// <summary>
/// Keys derived from the deployment's signing key: the respondent key (who answered, without storing who for
/// anonymous runs) and the answer token a survey card carries, which proves the card was sent to the
/// person submitting it and when it closes — so an answer needs no lookup before it is stored.
/// </summary>
public sealed class PulseKeys(IOptions<FileOptions> options)
{
    // One secret per deployment (Files:SigningKey); each use is keyed by its own label below.
    private readonly byte[] secret = options.Value.KeyBytes();

    public string RespondentKey(string runId, string aadObjectId) => Mac("respondent", runId, aadObjectId)[..22];

    public static int Shard(string respondentKey, int shards) =>
        (int)((uint)respondentKey.Aggregate(17, (h, c) => unchecked((h * 31) + c)) % (uint)shards);

    public string Token(string tenantId, string runId, string aadObjectId, DateTimeOffset closesAt) =>
        Mac("answer", tenantId, runId, aadObjectId, closesAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

    public bool IsValid(string? token, string tenantId, string runId, string aadObjectId, DateTimeOffset closesAt) =>
        token is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(Token(tenantId, runId, aadObjectId, closesAt)));

    private string Mac(params string[] parts) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(string.Join('\n', parts))));
}
