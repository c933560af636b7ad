using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TeamsDxBot.Security;

namespace TeamsDxBot.Pulse;

/// <summary>
/// Keys derived from the deployment's signing key: the respondent key (who answered, without storing who for
/// anonymous runs) and the signature of the ticket a survey card carries (<see cref="SurveyTicket"/>), which
/// proves the card was sent to the person pressing it — so an answer needs no lookup before it is stored.
/// </summary>
public sealed class PulseKeys(IOptions<SecurityOptions> options)
{
    // One secret per deployment (Security:SigningKey); each use is keyed by its own label below.
    // Read on first use, not while the hosted services are built, so the start-up settings check reports a
    // missing key together with every other missing setting.
    private readonly Lazy<byte[]> secret = new(() => options.Value.KeyBytes());

    public string RespondentKey(string runId, string aadObjectId) => Mac("respondent", runId, aadObjectId)[..22];

    public static int Shard(string respondentKey, int shards) =>
        (int)((uint)respondentKey.Aggregate(17, (h, c) => unchecked((h * 31) + c)) % (uint)shards);

    /// <summary>The ticket for this person, signed.</summary>
    public SurveyTicket Ticket(string tenantId, string aadObjectId, string runId, DateTimeOffset closesAt, string departmentId, string language, string timeZone)
    {
        var unsigned = new SurveyTicket(runId, closesAt, departmentId, language, timeZone, "");
        return unsigned with { Token = Sign(tenantId, aadObjectId, unsigned) };
    }

    /// <summary>True when the ticket was made by this deployment for this person and nothing in it changed since.</summary>
    public bool IsValid(SurveyTicket ticket, string tenantId, string aadObjectId) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ticket.Token), Encoding.ASCII.GetBytes(Sign(tenantId, aadObjectId, ticket)));

    private string Sign(string tenantId, string aadObjectId, SurveyTicket t) =>
        Mac("answer", tenantId, t.RunId, aadObjectId, t.ClosesAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), t.DepartmentId, t.Language, t.TimeZone);

    private string Mac(params string[] parts) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(secret.Value, Encoding.UTF8.GetBytes(string.Join('\n', parts))));
}
