using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Pulse;
using TeamsDxBot.Reports;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Privacy;

/// <summary>Closed pulse runs with answers written through the real repositories, dated on the fake clock.</summary>
public static class PrivacyTestKit
{
    public sealed record Answer(string AadObjectId, string Name, string DepartmentId, IReadOnlyDictionary<string, string> Answers);

    public static async Task<PulseRun> SeedRunAsync(BotTestHost host, Initiative tool, string id, DateTimeOffset answeredAt, bool anonymous,
        IReadOnlyList<Answer> answers, bool summarise = true)
    {
        var run = new PulseRun
        {
            TenantId = BotTestHost.TenantId,
            Id = id,
            InitiativeId = tool.Id,
            ToolName = tool.Name,
            Kind = PulseRunKind.Pulse,
            LocalTime = answeredAt.UtcDateTime.AddHours(-1),
            CreatedAt = answeredAt.AddHours(-1),
            ClosesAt = answeredAt.AddHours(1),
            Anonymous = anonymous,
            Questions = PulseDefaults.Questions,
            Invited = answers.GroupBy(a => a.DepartmentId).ToDictionary(g => g.Key, g => g.Count()),
            InvitationsWritten = true,
            Shards = 2,
        };
        Assert.True(await host.Get<PulseRunRepository>().TryAddAsync(run, default));
        var keys = host.Get<PulseKeys>();
        var repository = host.Get<PulseResponseRepository>();
        var responses = answers.Select(a => new PulseResponse
        {
            RespondentKey = keys.RespondentKey(run.Id, a.AadObjectId),
            DepartmentId = a.DepartmentId,
            AadObjectId = anonymous ? null : a.AadObjectId,
            Name = anonymous ? null : a.Name,
            Answers = new Dictionary<string, string>(a.Answers),
            AnsweredAt = answeredAt,
        });
        foreach (var shard in responses.GroupBy(r => PulseKeys.Shard(r.RespondentKey, run.Shards)))
        {
            await repository.SaveAsync(PulseResponseRepository.Partition(run.TenantId, run.Id, shard.Key), shard.ToList(), run.Questions, default);
        }
        var runs = host.Get<PulseRunRepository>();
        if (summarise)
        {
            var stored = (await runs.GetAsync(run.TenantId, run.Id, default))!;
            Assert.True(await runs.TryReplaceAsync(stored with { Summary = await repository.ReadTallyAsync(run.TenantId, run.Id, default), ReportedAt = run.ClosesAt }, default));
        }
        return (await runs.GetAsync(run.TenantId, run.Id, default))!;
    }

    /// <summary>What a promoter sees for one run in the report (the figures, chart link aside).</summary>
    public static async Task<string> ReportAsync(BotTestHost host, Initiative tool, string runId)
    {
        var promoter = (await host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, BotTestHost.Promoter.AadObjectId, default))!;
        var reader = new UserContext(promoter, new HashSet<Role> { Role.Staff, Role.Promoter }, Texts.Japanese, false);
        var card = await host.Get<PulseReports>().CardAsync(tool, reader, ReportKind.Latest, default, runId: runId);
        return string.Join("\n", card.Descendants().OfType<Newtonsoft.Json.Linq.JProperty>()
            .Where(p => p.Name is "text" or "title" or "value" && p.Value.Type == Newtonsoft.Json.Linq.JTokenType.String)
            .Select(p => (string)p.Value!));
    }
}
