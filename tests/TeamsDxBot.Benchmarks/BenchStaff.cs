using TeamsDxBot.Directory;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Benchmarks;

/// <summary>One seeded person of a benchmark company, with the ids Teams would give them.</summary>
internal sealed record BenchStaff(int Index, string AadObjectId, string DepartmentId)
{
    public string TeamsId => "29:" + AadObjectId;
    public string ConversationId => "a:personal-" + TeamsId;
    public string Name => $"社員 {Index:00000}";

    /// <summary>People as a roster import and earlier chats leave them: reachable, with the address each activity carries.</summary>
    public static Task EnrolAsync(PersonRepository people, string tenant, IEnumerable<BenchStaff> staff, string serviceUrl, DateTimeOffset now, TimeSpan lastSeen) =>
        Parallel.ForEachAsync(staff, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (p, ct) =>
            await people.TryAddAsync(new Person
            {
                TenantId = tenant,
                AadObjectId = p.AadObjectId,
                TeamsUserId = p.TeamsId,
                Name = p.Name,
                Email = $"staff{p.Index}@contoso.example",
                Locale = "ja-JP",
                TimeZone = "Asia/Tokyo",
                DepartmentId = p.DepartmentId,
                ServiceUrl = serviceUrl,
                Conversation = new ConversationAddress(serviceUrl, p.ConversationId, "28:bot", "msteams"),
                Reachability = Reachability.Reachable,
                FirstSeen = now.AddDays(-90),
                LastSeen = now - lastSeen,
                WelcomedAt = now.AddDays(-90),
            }, ct));
}
