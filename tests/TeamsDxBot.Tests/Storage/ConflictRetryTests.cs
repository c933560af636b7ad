using Microsoft.Extensions.Logging.Abstractions;
using TeamsDxBot.Directory;
using TeamsDxBot.Metrics;
using TeamsDxBot.Pulse;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Storage;

/// <summary>Batch writers that lose a race to a second writer retry on fresh rows and lose nobody's change.</summary>
public sealed class ConflictRetryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_roster_import_that_races_a_change_to_a_person_applies_the_roster_and_keeps_the_change()
    {
        var race = await RacingWriter.CreateAsync(PersonRepository.TableName, DepartmentRepository.TableName);
        var people = new PersonRepository(race.Second);
        var sales = (await new DepartmentRepository(race.Second).CreateAsync("t", "営業部", Now, default)).Department!;
        var promoter = (await people.TryAddAsync(new Person { TenantId = "t", AadObjectId = "boss", Email = "boss@contoso.example", IsPromoter = true }, default))!;
        await people.TryAddAsync(new Person { TenantId = "t", AadObjectId = "a", Email = "a@contoso.example", Name = "A" }, default);
        await people.TryAddAsync(new Person { TenantId = "t", AadObjectId = "b", Email = "b@contoso.example", Name = "B" }, default);
        var import = new RosterImport(new PersonRepository(race.First), new DepartmentRepository(race.First), NullLogger<RosterImport>.Instance);
        // Meanwhile the person tells the bot a new name (another instance writes their row).
        race.BeforeNextBatch(() => people.UpdateAsync("t", "a", p => p with { Name = "A renamed" }, default));

        var result = await import.ImportAsync(new UserContext(promoter, new HashSet<Role> { Role.Promoter }, TeamsDxBot.Localization.Texts.Japanese, false),
            "a@contoso.example,営業部,KeyUser\nb@contoso.example,営業部,Staff", default);

        Assert.True(result.Applied);
        Assert.Equal(2, result.Changes.Count);
        Assert.True(race.Batches >= 2, "the first transaction lost the race and was sent again");
        var a = (await people.GetAsync("t", "a", default))!;
        Assert.Equal("A renamed", a.Name);
        Assert.Equal(sales.Id, a.DepartmentId);
        Assert.Contains(sales.Id, a.KeyUserOf);
        Assert.Equal(sales.Id, (await people.GetAsync("t", "b", default))!.DepartmentId);
    }

    [Fact]
    public async Task A_metrics_upload_that_races_another_upload_of_the_same_weeks_is_stored_whole_and_wins()
    {
        var race = await RacingWriter.CreateAsync(ToolMetricsRepository.TableName);
        var repository = new ToolMetricsRepository(race.First, NullLogger<ToolMetricsRepository>.Instance);
        race.BeforeNextBatch(() => new ToolMetricsRepository(race.Second, NullLogger<ToolMetricsRepository>.Instance).UpsertAsync("t", "i", Rows(3, 5), default));

        var write = await repository.UpsertAsync("t", "i", Rows(4, 7), default);

        Assert.True(race.Batches >= 2, "the first transaction lost the race and was sent again");
        Assert.Equal(new ToolMetricsWrite(Added: 1, Replaced: 3), write);
        var stored = await repository.ListAsync("t", "i", default);
        Assert.Equal(4, stored.Count);
        Assert.All(stored, m => Assert.Equal(7, m.ActiveUsers));
    }

    [Fact]
    public async Task A_pulse_answer_that_races_an_answer_stored_by_another_instance_is_stored_and_both_are_counted()
    {
        var race = await RacingWriter.CreateAsync(PulseResponseRepository.TableName);
        var run = new PulseRun { TenantId = "t", Id = "run", InitiativeId = "i", ToolName = "tool", Shards = 1 };
        var partition = PulseResponseRepository.Partition("t", run.Id, 0);
        var other = new PulseResponseRepository(race.Second);
        // Another instance stores a colleague's answer in the same partition (and its rollup) meanwhile.
        race.BeforeNextBatch(() => other.SaveAsync(partition, [new PulseResponse { RespondentKey = "k2", DepartmentId = "d", AnsweredAt = Now, Version = 1 }], [], default));
        var writer = new PulseAnswerWriter(new PulseResponseRepository(race.First), NullLogger<PulseAnswerWriter>.Instance);
        await writer.StartAsync(default);

        var replaced = await writer.SaveAsync("t", run, new PulseResponse { RespondentKey = "k1", DepartmentId = "d", AnsweredAt = Now, Version = 1 }, default);
        await writer.StopAsync(default);

        Assert.False(replaced);
        Assert.True(race.Batches >= 2, "the first transaction lost the race and was sent again");
        Assert.Equal(["k1", "k2"], (await other.ListAsync("t", run.Id, default)).Select(r => r.RespondentKey).Order());
        Assert.Equal(2, (await other.ReadTallyAsync("t", run.Id, default)).Departments["d"].Respondents);
    }

    private static List<ToolMetric> Rows(int n, int activeUsers) => Enumerable.Range(0, n).Select(i => new ToolMetric
    {
        TenantId = "t",
        InitiativeId = "i",
        WeekStart = new DateOnly(2026, 11, 16),
        DepartmentId = i == 0 ? null : $"d{i}",
        ActiveUsers = activeUsers,
        Source = "test",
        ReceivedAt = Now,
    }).ToList();
}
