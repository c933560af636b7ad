using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Observability;
using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Broadcasts;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Tests.Pulse;

namespace TeamsDxBot.Tests.Observability;

/// <summary>Spans come from a process-wide source, so these tests run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;

[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests
{
    /// <summary>Spans end on whatever thread finishes them (background jobs too), so they are collected thread-safely.</summary>
    private sealed class SpanCollector : BaseExporter<Activity>
    {
        public ConcurrentQueue<Activity> Items { get; } = new();

        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var span in batch)
            {
                Items.Enqueue(span);
            }
            return ExportResult.Success;
        }
    }

    private sealed class Recorded
    {
        private readonly SpanCollector spans = new();

        public IReadOnlyList<Activity> Spans => spans.Items.ToArray();
        public List<Metric> Metrics { get; } = [];

        public void Register(IServiceCollection services) =>
            services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.AddBotSources().AddProcessor(new SimpleActivityExportProcessor(spans)))
                .WithMetrics(metrics => metrics.AddBotMeters().AddInMemoryExporter(Metrics));

        public void Flush(BotTestHost host)
        {
            host.Get<TracerProvider>().ForceFlush();
            Metrics.Clear();
            host.Get<MeterProvider>().ForceFlush();
        }

        public IReadOnlyList<Activity> Named(string name) => Spans.Where(s => s.OperationName == name).ToList();

        public long Sum(string metric, string tag, string value)
        {
            long total = 0;
            foreach (var m in Metrics.Where(m => m.Name == metric))
            {
                foreach (ref readonly var point in m.GetMetricPoints())
                {
                    foreach (var t in point.Tags)
                    {
                        if (t.Key == tag && Equals(t.Value, value))
                        {
                            total += point.GetSumLong();
                        }
                    }
                }
            }
            return total;
        }

        /// <summary>Every tag value on the bot's own spans, to show none of them names a person or repeats what they wrote.</summary>
        public IEnumerable<string> BotTagValues() =>
            Spans.Where(s => s.Source.Name == Telemetry.Name).SelectMany(s => s.TagObjects).Select(t => t.Value?.ToString() ?? "");
    }

    [Fact]
    public async Task A_pulse_answer_is_one_turn_span_with_its_verb_and_the_surveys_are_send_spans_and_counts()
    {
        var recorded = new Recorded();
        var kit = await PulseTestKit.StartAsync(configure: recorded.Register);
        await using var _ = kit.Host;
        await kit.SetUpCompanyAsync([]);
        await kit.SetAsync(BotTestHost.Staff, p => p with { DepartmentId = kit.Sales });
        await kit.Host.Get<PulseScheduler>().StartNowAsync(kit.Tool, default);
        await kit.TickAsync();
        var surveys = kit.Host.Connector.Calls.Count(c => c.Card?.ToJsonString().Contains(PulseCards.AnswerVerb, StringComparison.Ordinal) == true);
        Assert.Equal(3, surveys);

        const string comment = "承認ボタンが見つからない";
        var thanks = await kit.SubmitAsync(BotTestHost.Staff, kit.LastSurveyData(BotTestHost.Staff), PulseTestKit.Answers(comment: comment));
        Assert.Equal(200, thanks.Status);
        recorded.Flush(kit.Host);

        var answer = Assert.Single(recorded.Named("bot.turn"), s => s.GetTagItem(Telemetry.VerbTag) as string == PulseCards.AnswerVerb);
        Assert.Equal("invoke", answer.GetTagItem(Telemetry.ActivityTypeTag));
        Assert.Equal("ok", answer.GetTagItem(Telemetry.OutcomeTag));
        // The turn span sits under the HTTP request's span, so one trace shows the request and what it did.
        // (The server's span ends just after the client has the answer.)
        for (var i = 0; i < 100 && !recorded.Spans.Any(s => s.SpanId == answer.ParentSpanId); i++)
        {
            await Task.Delay(20);
        }
        Assert.Contains(recorded.Spans, s => s.SpanId == answer.ParentSpanId && s.Source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        var sends = recorded.Named("delivery.send").Where(s => s.GetTagItem(Telemetry.MessageKindTag) as string == "pulse").ToList();
        Assert.Equal(surveys, sends.Count);
        Assert.All(sends, s => Assert.Equal("Succeeded", s.GetTagItem(Telemetry.OutcomeTag)));

        Assert.Equal(1, recorded.Sum("teamsdx.pulse.answers", "teamsdx.answer", "new"));
        Assert.Equal(surveys, recorded.Sum("teamsdx.delivery.sends", Telemetry.MessageKindTag, "pulse"));
        Assert.Contains(recorded.Metrics, m => m.Name == "teamsdx.turn.duration");

        var values = recorded.BotTagValues().ToList();
        foreach (var personal in new[] { BotTestHost.Staff.Name, BotTestHost.Staff.Email, BotTestHost.Staff.AadObjectId, BotTestHost.Staff.TeamsId, comment, BotTestHost.Staff.ConversationId })
        {
            Assert.DoesNotContain(values, v => v.Contains(personal, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_broadcast_is_an_ok_turn_for_its_author_a_refused_one_for_staff_and_one_send_span_per_message_with_counts()
    {
        var recorded = new Recorded();
        var kit = await BroadcastTestKit.StartAsync(configure: recorded.Register);
        await using var _ = kit.Host;
        await kit.SetUpCompanyAsync();

        // Staff may not broadcast: the turn says so, and nothing is sent.
        await kit.Host.SayAsync(BotTestHost.Staff, "お知らせ");
        await kit.SubmitAsync(BroadcastTestKit.Executive, BroadcastTestKit.Form(BroadcastCards.SubmitVerb, departmentIds: kit.Sales));
        await kit.RunEngineAsync();
        recorded.Flush(kit.Host);

        Assert.Single(recorded.Named("bot.turn"), s => s.GetTagItem(Telemetry.OutcomeTag) as string == "refused" && s.GetTagItem(Telemetry.CommandTag) is not null);
        var submit = Assert.Single(recorded.Named("bot.turn"), s => s.GetTagItem(Telemetry.VerbTag) as string == BroadcastCards.SubmitVerb);
        Assert.Equal("ok", submit.GetTagItem(Telemetry.OutcomeTag));
        // The four people of 営業部, and the author's note that it has gone out.
        var sends = recorded.Named("delivery.send").Where(s => s.GetTagItem(Telemetry.MessageKindTag) as string == "broadcast").ToList();
        Assert.Equal(5, sends.Count);
        Assert.All(sends, s => Assert.Equal("Succeeded", s.GetTagItem(Telemetry.OutcomeTag)));
        Assert.Equal(sends.Count, recorded.Sum("teamsdx.delivery.sends", Telemetry.MessageKindTag, "broadcast"));

        var values = recorded.BotTagValues().ToList();
        foreach (var personal in new[] { BroadcastTestKit.Executive.Name, BroadcastTestKit.Executive.Email, BroadcastTestKit.Executive.AadObjectId, "経費精算を使ってみましょう" })
        {
            Assert.DoesNotContain(values, v => v.Contains(personal, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_staff_member_using_a_promoter_command_is_a_refused_turn()
    {
        var recorded = new Recorded();
        await using var host = await BotTestHost.StartAsync(recorded.Register);
        await host.SayAsync(BotTestHost.Staff, "help");
        await host.SayAsync(BotTestHost.Staff, "役割");
        recorded.Flush(host);

        var refused = Assert.Single(recorded.Named("bot.turn"), s => s.GetTagItem(Telemetry.OutcomeTag) as string == "refused");
        Assert.Equal("message", refused.GetTagItem(Telemetry.ActivityTypeTag));
        Assert.NotNull(refused.GetTagItem(Telemetry.CommandTag));
    }
}
