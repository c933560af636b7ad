using TeamsDxBot.Initiatives;

namespace TeamsDxBot.Demo;

/// <summary>
/// More demo data from a feature on a higher floor (e.g. measured usage), seeded by <see cref="DemoSeeder"/>
/// after the programme and its pulse history exist, on every start. Must be idempotent: a second start or
/// a second instance changes nothing, and real data is never overwritten.
/// </summary>
public interface IDemoData
{
    Task SeedAsync(DemoOptions demo, Initiative initiative, CancellationToken ct);
}
