using Newtonsoft.Json.Linq;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Broadcasts;

public sealed class BroadcastOptions
{
    public const string Section = "Broadcasts";

    /// <summary>How often due occurrences are looked for; a scheduled message goes out at most this late.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
