using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Pulse;

/// <summary>Table "Pulses". PartitionKey = tenant id, RowKey = initiative id. No row = the defaults.</summary>
public sealed class PulseSettingsRepository(Tables tables)
{
    public const string TableName = "Pulses";

    private TableClient Table => tables.Get(TableName);

    public async Task<PulseSettings?> GetAsync(string tenantId, string initiativeId, CancellationToken ct) =>
        (await Table.FindAsync<Entity>(tenantId, initiativeId, ct))?.ToSettings();

    /// <summary>Inserts (no ETag) or replaces with If-Match (412 when someone changed it meanwhile).</summary>
    public async Task<PulseSettings> SaveAsync(PulseSettings settings, CancellationToken ct)
    {
        var entity = Entity.From(settings);
        var response = settings.ETag == default
            ? await Table.AddEntityAsync(entity, ct)
            : await Table.UpdateEntityAsync(entity, settings.ETag, TableUpdateMode.Replace, ct);
        return settings with { ETag = response.Headers.ETag ?? default };
    }

    private sealed class Entity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public bool Enabled { get; set; }
        public string? Cron { get; set; }
        public string? Frequency { get; set; }
        public string? AnchorWeek { get; set; }
        public bool AudienceAll { get; set; }
        public int WindowDays { get; set; }
        public bool Anonymous { get; set; }
        public int ReminderCount { get; set; }
        public long ReminderDelayTicks { get; set; }
        public string? Questions { get; set; }
        public DateTimeOffset StartedAt { get; set; }

        public static Entity From(PulseSettings s) => new()
        {
            PartitionKey = s.TenantId,
            RowKey = s.InitiativeId,
            ETag = s.ETag,
            Enabled = s.Enabled,
            Cron = s.Cron,
            Frequency = s.Frequency.ToString(),
            AnchorWeek = s.AnchorWeek.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            AudienceAll = s.AudienceAll,
            WindowDays = s.WindowDays,
            Anonymous = s.Anonymous,
            ReminderCount = s.ReminderCount,
            ReminderDelayTicks = s.ReminderDelay.Ticks,
            Questions = JsonSerializer.Serialize(s.Questions),
            StartedAt = s.StartedAt,
        };

        public PulseSettings ToSettings() => new()
        {
            TenantId = PartitionKey,
            InitiativeId = RowKey,
            ETag = ETag,
            Enabled = Enabled,
            Cron = Cron ?? PulseSettings.DefaultCron,
            Frequency = Enum.TryParse<PulseFrequency>(Frequency, out var f) ? f : PulseFrequency.Weekly,
            AnchorWeek = DateOnly.TryParseExact(AnchorWeek, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var a) ? a : default,
            AudienceAll = AudienceAll,
            WindowDays = WindowDays,
            Anonymous = Anonymous,
            ReminderCount = ReminderCount,
            ReminderDelay = TimeSpan.FromTicks(ReminderDelayTicks),
            Questions = JsonSerializer.Deserialize<List<PulseQuestion>>(Questions ?? "[]") ?? [],
            StartedAt = StartedAt,
        };
    }
}
