using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TeamsDxBot.Observability;

/// <summary>
/// The bot's own spans and metrics. Tags carry kinds, commands, verbs and outcomes only: never a
/// person's name, address or id, nor any message text, so nothing traced can say who did what.
/// </summary>
public sealed class Telemetry
{
    public const string Name = "TeamsDxBot";

    public static readonly ActivitySource Source = new(Name);

    public const string ActivityTypeTag = "teamsdx.activity_type";
    public const string CommandTag = "teamsdx.command";
    public const string VerbTag = "teamsdx.verb";
    public const string OutcomeTag = "teamsdx.outcome";
    public const string MessageKindTag = "teamsdx.message_kind";

    private readonly Histogram<double> turnDuration;
    private readonly Counter<long> sends;
    private readonly Counter<long> throttled;
    private readonly Counter<long> pulseAnswers;
    private long queueDepth;
    private long questionsOpen;
    private long questionsOverdue;
    private double pace;

    public Telemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        turnDuration = meter.CreateHistogram<double>("teamsdx.turn.duration", "ms", "Time to answer an incoming activity");
        sends = meter.CreateCounter<long>("teamsdx.delivery.sends", "{message}", "Messages the bot sent, by outcome");
        throttled = meter.CreateCounter<long>("teamsdx.delivery.throttled", "{response}", "429 answers from Teams");
        pulseAnswers = meter.CreateCounter<long>("teamsdx.pulse.answers", "{answer}", "Pulse answers stored (new or changed)");
        meter.CreateObservableGauge("teamsdx.delivery.queue_depth", () => Interlocked.Read(ref queueDepth), "{message}", "Messages waiting in the outbox");
        meter.CreateObservableGauge("teamsdx.delivery.pace", () => Volatile.Read(ref pace), "{request}/s", "This instance's current send rate limit");
        meter.CreateObservableGauge("teamsdx.questions.open", () => Interlocked.Read(ref questionsOpen), "{question}", "Questions waiting for an answer");
        meter.CreateObservableGauge("teamsdx.questions.overdue", () => Interlocked.Read(ref questionsOverdue), "{question}", "Questions past their due time");
    }

    public void TurnCompleted(string activityType, string outcome, TimeSpan elapsed) =>
        turnDuration.Record(elapsed.TotalMilliseconds, new(ActivityTypeTag, activityType), new(OutcomeTag, outcome));

    public void Sent(string messageKind, string outcome)
    {
        sends.Add(1, new(MessageKindTag, messageKind), new(OutcomeTag, outcome));
        if (outcome == "Throttled")
        {
            throttled.Add(1, new KeyValuePair<string, object?>(MessageKindTag, messageKind));
        }
    }

    public void PulseAnswered(bool changed) => pulseAnswers.Add(1, new KeyValuePair<string, object?>("teamsdx.answer", changed ? "changed" : "new"));

    public void QueueObserved(long depth) => Interlocked.Exchange(ref queueDepth, depth);

    public void PaceObserved(double currentPace) => Volatile.Write(ref pace, currentPace);

    public void QuestionsObserved(long open, long overdue)
    {
        Interlocked.Exchange(ref questionsOpen, open);
        Interlocked.Exchange(ref questionsOverdue, overdue);
    }

    /// <summary>The kind of a message from its id ("pulse:run…" → "pulse"), never the id itself.</summary>
    public static string KindOf(string messageId) => messageId.IndexOf(':') is var colon and > 0 ? messageId[..colon] : "other";

    /// <summary>Names the command or verb a turn ran, on the turn's span.</summary>
    public static void Tag(string key, string value) => Activity.Current?.SetTag(key, value);
}
