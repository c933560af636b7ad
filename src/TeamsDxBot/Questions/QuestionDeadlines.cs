using Microsoft.Extensions.Options;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Questions;

/// <summary>Runs the deadline check on a schedule; safe with several instances (see CheckDeadlinesAsync).</summary>
public sealed class QuestionDeadlines(QuestionService questions, IOptionsMonitor<QuestionOptions> options, TimeProvider time, ILogger<QuestionDeadlines> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.CurrentValue.CheckInterval;

    protected override Task RunOnceAsync(CancellationToken ct) => questions.CheckDeadlinesAsync(ct);
}
