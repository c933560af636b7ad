using Azure;
using Azure.Data.Tables;

namespace TeamsDxBot.Pulse;

/// <summary>
/// A row of "PulseResponses" (key scheme on <see cref="PulseResponseRepository"/>). Responses and
/// rollups share partitions so that one transaction writes both, so one row type carries both kinds:
/// a response fills the answer columns, a rollup only <see cref="Tally"/>.
/// </summary>
internal sealed class PulseResponseEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string? DepartmentId { get; set; }
    public string? AadObjectId { get; set; }
    public string? Name { get; set; }
    public string? Answers { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public int? Version { get; set; }
    public string? Tally { get; set; }
}
