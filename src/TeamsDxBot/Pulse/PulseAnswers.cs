using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Bot;
using TeamsDxBot.Directory;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Pulse;

/// <summary>Takes survey answers from cards: checks them, stores them through the writer, and shows the thank-you.</summary>
public sealed class PulseAnswers(
    PulseRunRepository runs,
    PulseResponseRepository responses,
    PulseAnswerWriter writer,
    PulseKeys keys,
    PulseZones zones,
    IOptions<PulseOptions> options,
    TimeProvider time,
    ILogger<PulseAnswers> logger)
{
    // A run's questions never change once it is created, so every answer after the first skips the read.
    private readonly ConcurrentDictionary<(string, string), PulseRun> cache = new();

    private async Task<PulseRun?> RunAsync(string tenantId, string runId, CancellationToken ct)
    {
        if (cache.TryGetValue((tenantId, runId), out var run))
        {
            return run;
        }
        run = await runs.GetAsync(tenantId, runId, ct);
        if (run is not null)
        {
            if (cache.Count > 1000)
            {
                cache.Clear();
            }
            cache[(tenantId, runId)] = run;
        }
        return run;
    }

    private sealed record Ticket(PulseRun Run, DateTimeOffset ClosesAt, string Token);

    /// <summary>The run a card belongs to, if the card was sent to this person; otherwise the reply is already sent.</summary>
    private async Task<Ticket?> CheckAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var runId = data.String("runId");
        var token = data.String("token");
        if (string.IsNullOrEmpty(runId) || !long.TryParse(data.String("closes"), NumberStyles.None, CultureInfo.InvariantCulture, out var closes))
        {
            await request.ReplyAsync(request.T[nameof(Strings.Pulse_NotFound)], ct);
            return null;
        }
        var closesAt = DateTimeOffset.FromUnixTimeSeconds(closes);
        if (!keys.IsValid(token, request.TenantId, runId, request.Person.AadObjectId, closesAt))
        {
            logger.LogWarning("Refused a pulse answer from {Person} for {RunId}: the card was not sent to them", request.Person.AadObjectId, runId);
            await request.ReplyAsync(request.T[nameof(Strings.Pulse_NotYours)], ct);
            return null;
        }
        var run = await RunAsync(request.TenantId, runId, ct);
        if (run is null)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Pulse_NotFound)], ct);
            return null;
        }
        if (time.GetUtcNow() >= closesAt)
        {
            await request.ReplaceSubmittedCardAsync(PulseCards.Closed(request.T, run), ct);
            await request.ReplyAsync(request.T[nameof(Strings.Pulse_Closed)], ct);
            return null;
        }
        return new Ticket(run, closesAt, token!);
    }

    public async Task SubmitAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        if (await CheckAsync(request, data, ct) is not { } ticket)
        {
            return;
        }
        var (answers, problems) = Read(request, ticket.Run, data);
        if (problems.Count > 0)
        {
            // The card stays as filled in, so the person fixes the answer and sends again.
            await request.ReplyAsync(PulseCards.Problems(request.T, problems), ct);
            return;
        }
        var person = request.Person;
        var response = new PulseResponse
        {
            RespondentKey = keys.RespondentKey(ticket.Run.Id, person.AadObjectId),
            DepartmentId = person.DepartmentId ?? "",
            AadObjectId = ticket.Run.Anonymous ? null : person.AadObjectId,
            Name = ticket.Run.Anonymous ? null : person.DisplayName,
            Answers = answers,
            AnsweredAt = time.GetUtcNow(),
        };
        var replaced = await writer.SaveAsync(request.TenantId, ticket.Run, response, ct);
        var zone = await zones.OfAsync(request.Person, ct);
        await request.ReplaceSubmittedCardAsync(PulseCards.Thanks(request.T, ticket.Run, answers, ticket.Token, ticket.ClosesAt, zone, replaced), ct);
    }

    public async Task EditAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        if (await CheckAsync(request, data, ct) is not { } ticket)
        {
            return;
        }
        var previous = await responses.GetAsync(request.TenantId, ticket.Run, keys.RespondentKey(ticket.Run.Id, request.Person.AadObjectId), ct);
        var zone = await zones.OfAsync(request.Person, ct);
        await request.ReplaceSubmittedCardAsync(PulseCards.Survey(request.T, ticket.Run, ticket.Token, ticket.ClosesAt, zone,
            previous?.Answers, reminder: false, options.Value.AnonymityThreshold), ct);
    }

    /// <summary>Every answer checked against its question; nothing is stored unless all are valid.</summary>
    public static (Dictionary<string, string> Answers, List<string> Problems) Read(TurnRequest request, PulseRun run, JObject data)
    {
        var t = request.T;
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var q in run.Questions)
        {
            var value = data.String(PulseCards.InputId(q))?.Trim() ?? "";
            var label = q.Text(t.IsEnglish, run.ToolName);
            if (value.Length == 0)
            {
                if (q.Required)
                {
                    problems.Add(t.Format(nameof(Strings.Pulse_ProblemRequired), label));
                }
                continue;
            }
            if (q.IsCounted && !q.Options.Any(o => o.Value == value))
            {
                problems.Add(t.Format(nameof(Strings.Pulse_ProblemInvalid), label));
                continue;
            }
            if (value.Length > PulseQuestion.MaxAnswerLength)
            {
                problems.Add(t.Format(nameof(Strings.Pulse_ProblemTooLong), label, PulseQuestion.MaxAnswerLength));
                continue;
            }
            answers[q.Id] = value;
        }
        return (answers, problems);
    }
}
