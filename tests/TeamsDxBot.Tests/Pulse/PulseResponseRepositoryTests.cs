using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Pulse;

/// <summary>
/// The repository writes a partition it wrote last without reading it first; these check that whatever
/// happened meanwhile (another instance's answers, a changed answer, a new department) still ends with
/// every response stored once and rollups equal to a recount.
/// </summary>
public sealed class PulseResponseRepositoryTests
{
    private static readonly IReadOnlyList<PulseQuestion> Questions = PulseDefaults.Questions;

    private static PulseResponse Answer(string key, string department, string usage, string? comment = null) => new()
    {
        RespondentKey = key,
        DepartmentId = department,
        Answers = comment is null
            ? new Dictionary<string, string> { ["usage"] = usage, ["ease"] = "3", ["fallback"] = "no" }
            : new Dictionary<string, string> { ["usage"] = usage, ["ease"] = "3", ["fallback"] = "no", ["comment"] = comment },
        AnsweredAt = new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task Two_instances_writing_one_partition_keep_every_answer_and_exact_rollups()
    {
        var tables = await TestStorage.CreateAsync(PulseResponseRepository.TableName);
        var (a, b) = (new PulseResponseRepository(tables), new PulseResponseRepository(tables));
        var partition = PulseResponseRepository.Partition("t", "run", 0);

        Assert.Equal([false], await a.SaveAsync(partition, [Answer("r1", "sales", "daily", "使いにくい")], Questions, default));
        // b writes the rollup a remembers: a's next write finds its ETag stale and reads again.
        Assert.Equal([false], await b.SaveAsync(partition, [Answer("r2", "sales", "once")], Questions, default));
        Assert.Equal([false, false], await a.SaveAsync(partition, [Answer("r3", "sales", "none"), Answer("r4", "plant", "daily")], Questions, default));
        // A changed answer is not a new row: the insert a tries first is refused, and the change is applied.
        Assert.Equal([true], await a.SaveAsync(partition, [Answer("r1", "sales", "several")], Questions, default));
        // b adds a department a has not seen; a then writes to it.
        Assert.Equal([false], await b.SaveAsync(partition, [Answer("r5", "office", "daily")], Questions, default));
        Assert.Equal([false], await a.SaveAsync(partition, [Answer("r6", "office", "once")], Questions, default));
        Assert.Equal([false], await a.SaveAsync(partition, [Answer("r7", "office", "once")], Questions, default));

        var stored = await a.ListAsync("t", "run", default);
        Assert.Equal(["r1", "r2", "r3", "r4", "r5", "r6", "r7"], stored.Select(r => r.RespondentKey).Order());
        Assert.Equal(2, stored.Single(r => r.RespondentKey == "r1").Version);
        Assert.All(stored.Where(r => r.RespondentKey != "r1"), r => Assert.Equal(1, r.Version));

        var tally = await b.ReadTallyAsync("t", "run", default);
        var recount = new RunTally();
        foreach (var response in stored)
        {
            recount.For(response.DepartmentId).Add(response, Questions, +1);
        }
        Assert.Equal(recount.Departments.Keys.Order(), tally.Departments.Keys.Order());
        foreach (var (department, expected) in recount.Departments)
        {
            var actual = tally.Departments[department];
            Assert.Equal(expected.Respondents, actual.Respondents);
            Assert.Equal(expected.Choices["usage"].OrderBy(c => c.Key), actual.Choices["usage"].OrderBy(c => c.Key));
        }
        Assert.Equal(3, tally.Departments["sales"].Respondents);
        Assert.Equal(1, tally.Departments["sales"].Count("usage", "several"));
        Assert.Empty(tally.Departments["sales"].Comments);
        Assert.Equal(3, tally.Departments["office"].Respondents);
    }
}
