using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Anonymity;
using TeamsDxBot.Calendar;
using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Pulse;

/// <summary>Takes survey answers from cards: checks them, stores them through the writer, and shows the thank-you.</summary>
public sealed class PulseAnswers(
    PulseRunRepository runs,
    PulseResponseRepository responses,
    PulseAnswerWriter writer,
    PulseKeys keys,
    PulseOpenSurveys open,
    PersonZones zones,
    Observability.Telemetry telemetry,
    IOptions<AnonymityOptions> anonymity,
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

    private sealed record Checked(PulseRun Run, SurveyTicket Ticket, TimeZoneInfo Zone);

    /// <summary>The run a card belongs to, if the card was sent to this person; otherwise the reply is already sent.</summary>
    private async Task<Checked?> CheckAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        if (SurveyTicket.Read(data) is not { } ticket)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Pulse_NotFound)], ct);
            return null;
        }
        if (!keys.IsValid(ticket, request.TenantId, request.Person.AadObjectId))
        {
            logger.LogWarning("Refused a pulse answer from {Person} for {RunId}: the card was not sent to them", request.Person.AadObjectId, ticket.RunId);
            await request.ReplyAsync(request.T[nameof(Strings.Pulse_NotYours)], ct);
            return null;
        }
        var run = await RunAsync(request.TenantId, ticket.RunId, ct);
        if (run is null)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Pulse_NotFound)], ct);
            return null;
        }
        if (time.GetUtcNow() >= ticket.ClosesAt)
        {
            await request.ReplaceSubmittedCardAsync(PulseCards.Closed(request.T, run), ct);
            await request.ReplyAsync(request.T[nameof(Strings.Pulse_Closed)], ct);
            return null;
        }
        // The card's own zone: the close time reads the same as on the card that was pressed.
        return new Checked(run, ticket, WallClock.Find(ticket.TimeZone) ?? await zones.OfAsync(request.Person, ct));
    }

    public async Task SubmitAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        if (await CheckAsync(request, data, ct) is not { } card)
        {
            return;
        }
        var (answers, problems) = Read(request, card.Run, data);
        if (problems.Count > 0)
        {
            // Refused answers come back on the card as sent, so nothing has to be chosen or typed again.
            var sent = card.Run.Questions.Select(q => (q.Id, Value: data.String(PulseCards.InputId(q))))
                .Where(a => !string.IsNullOrEmpty(a.Value)).ToDictionary(a => a.Id, a => a.Value!);
            await request.ReplaceSubmittedCardAsync(PulseCards.Survey(request.T, card.Run, card.Ticket, card.Zone, sent, reminder: false,
                anonymity.Value.Threshold, problems), ct);
            return;
        }
        var person = request.Person;
        var response = new PulseResponse
        {
            RespondentKey = keys.RespondentKey(card.Run.Id, person.AadObjectId),
            // Where the invitation counted them, so response rates stay within their department's headcount.
            DepartmentId = card.Ticket.DepartmentId,
            AadObjectId = card.Run.Anonymous ? null : person.AadObjectId,
            Name = card.Run.Anonymous ? null : person.DisplayName,
            Answers = answers,
            AnsweredAt = time.GetUtcNow(),
        };
        var replaced = await writer.SaveAsync(request.TenantId, card.Run, response, ct);
        telemetry.PulseAnswered(replaced);
        await request.ReplaceSubmittedCardAsync(PulseCards.Thanks(request.T, card.Run, answers, card.Ticket, card.Zone, replaced), ct);
    }

    public async Task EditAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        if (await CheckAsync(request, data, ct) is not { } card)
        {
            return;
        }
        var previous = await responses.GetAsync(request.TenantId, card.Run, keys.RespondentKey(card.Run.Id, request.Person.AadObjectId), ct);
        await request.ReplaceSubmittedCardAsync(PulseCards.Survey(request.T, card.Run, card.Ticket, card.Zone,
            previous?.Answers, reminder: false, anonymity.Value.Threshold), ct);
    }

    /// <summary>
    /// The survey card again, from <c>pulse</c>: for a run this person was sent that is still open, filled in
    /// with their answers when they gave some. The card is signed for them as the sent one was.
    /// </summary>
    public async Task OpenAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var t = request.T;
        if (await open.GetAsync(request.Person, data.String("runId"), ct) is not { } survey)
        {
            await request.ReplyAsync(t[nameof(Strings.Pulse_OpenSurveyGone)], ct);
            return;
        }
        var zone = await zones.OfAsync(request.Person, ct);
        var ticket = keys.Ticket(request.TenantId, request.Person.AadObjectId, survey.Run.Id, survey.Invitation.ClosesAt, survey.Invitation.DepartmentId, t.Culture.Name, zone.Id);
        var previous = survey.Answered ? await responses.GetAsync(request.TenantId, survey.Run, keys.RespondentKey(survey.Run.Id, request.Person.AadObjectId), ct) : null;
        await request.ReplyAsync(PulseCards.Survey(t, survey.Run, ticket, zone, previous?.Answers, reminder: false, anonymity.Value.Threshold), ct);
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
