using TeamsDxBot.Delivery;
using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Pulse;

/// <summary>Two bot instances on one storage account: schedules run on both, answers arrive at both.</summary>
public sealed class PulseConcurrencyTests : IAsyncLifetime
{
    private static readonly TestUser[] Staff = Enumerable.Range(1, 12).Select(i => new TestUser($"aad-c{i}", $"社員{i}", $"c{i}@contoso.example")).ToArray();
    private PulseTestKit kit = null!;
    private BotTestHost second = null!;

    public async Task InitializeAsync()
    {
        kit = await PulseTestKit.StartAsync();
        await kit.SetUpCompanyAsync(Staff);
        for (var i = 0; i < Staff.Length; i++)
        {
            var department = i % 3 == 0 ? kit.Plant : kit.Sales;
            await kit.SetAsync(Staff[i], p => p with { DepartmentId = department });
        }
        second = await BotTestHost.StartAsync(settings: Delivery.DeliveryTestKit.FastRetries, tablePrefix: kit.Host.TablePrefix, connector: kit.Host.Connector);
    }

    public async Task DisposeAsync()
    {
        await second.DisposeAsync();
        await kit.Host.DisposeAsync();
    }

    [Fact]
    public async Task Both_instances_tick_at_once_and_everyone_gets_one_survey_and_rollups_equal_a_recount_after_racing_changes()
    {
        var monday = new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero);
        kit.Host.Clock.SetUtcNow(monday);
        second.Clock.SetUtcNow(monday);
        await Task.WhenAll(kit.Host.Get<PulseScheduler>().TickAsync(default), second.Get<PulseScheduler>().TickAsync(default),
            kit.Host.Get<PulseScheduler>().TickAsync(default));
        await Task.WhenAll(kit.Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default), second.Get<DeliveryEngine>().RunAsync(untilIdle: true, default));
        foreach (var user in Staff)
        {
            Assert.Single(kit.Surveys(user));
        }
        var run = await kit.OnlyRunAsync();

        // Everyone answers three times, alternating instances, all at once; the last answer of each must win.
        string[] usage = ["daily", "several", "once", "none"];
        var final = new Dictionary<string, string>();
        var submits = new List<Func<Task>>();
        for (var i = 0; i < Staff.Length; i++)
        {
            var user = Staff[i];
            var data = kit.LastSurveyData(user);
            for (var round = 0; round < 3; round++)
            {
                var host = (i + round) % 2 == 0 ? kit.Host : second;
                var answers = PulseTestKit.Answers(usage[(i + round) % 4], ((i + round) % 5 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    comment: $"{user.Name}-{round}");
                submits.Add(async () =>
                {
                    var d = new Dictionary<string, string>();
                    foreach (var (k, v) in data)
                    {
                        d[k] = v!.GetValue<string>();
                    }
                    foreach (var (k, v) in answers)
                    {
                        d[k] = v;
                    }
                    d["verb"] = PulseCards.AnswerVerb;
                    var answer = await host.ExecuteAsync(user, d);
                    Assert.Equal(200, answer.Status);
                    // Every press is answered with the thank-you (its change button), not an apology.
                    Assert.Contains(PulseCards.EditVerb, answer.Card!.ToJsonString());
                });
            }
        }
        // Rounds of one person go one after another (a person clicks, then clicks again); people race each other.
        await Task.WhenAll(submits.Chunk(3).Select(async person =>
        {
            foreach (var submit in person)
            {
                await submit();
            }
        }));

        var responses = await kit.ResponsesAsync(run.Id);
        Assert.Equal(Staff.Length, responses.Count);
        Assert.All(responses, r => Assert.Equal(3, r.Version));
        Assert.All(responses, r => Assert.EndsWith("-2", r.Answers["comment"], StringComparison.Ordinal));

        var recount = new RunTally();
        foreach (var r in responses)
        {
            recount.For(r.DepartmentId).Add(r, run.Questions, +1);
        }
        var rollup = await kit.Host.Get<PulseResponseRepository>().ReadTallyAsync(BotTestHost.TenantId, run.Id, default);
        Assert.Equal(recount.Departments.Keys.Order(), rollup.Departments.Keys.Order());
        foreach (var (department, expected) in recount.Departments)
        {
            var actual = rollup.Departments[department];
            Assert.Equal(expected.Respondents, actual.Respondents);
            Assert.Equal(
                expected.Choices.SelectMany(q => q.Value.Select(v => $"{q.Key}={v.Key}:{v.Value}")).Order(),
                actual.Choices.SelectMany(q => q.Value.Select(v => $"{q.Key}={v.Key}:{v.Value}")).Order());
            Assert.Equal(expected.Comments.Select(c => c.Text).Order(), actual.Comments.Select(c => c.Text).Order());
        }
    }
}
