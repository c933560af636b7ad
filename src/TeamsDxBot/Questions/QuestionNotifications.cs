using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.Localization;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

/// <summary>What a question's changes tell other people, queued through the delivery engine.</summary>
public sealed class QuestionNotifications(QuestionRepository questions, PersonRepository people, DepartmentRepository departments,
    Access access, Outbox outbox, OutboxRepository deliveries, PersonZones zones, QuestionHours hours, IOptions<QuestionOptions> options)
{
    /// <summary>Changes whose message is a question card with buttons (the ones to rewrite when its state moves on).</summary>
    private static readonly HashSet<string> CardChanges = ["asked", "reassigned", "reopened", "nudged", "escalated"];

    /// <summary>Changes whose message is the asker's answer card, with 解決した / まだ困っている.</summary>
    private static readonly HashSet<string> AnswerChanges = ["answered"];

    /// <summary>
    /// Queues what each change not yet queued owes other people, then clears the mark. Message ids come from
    /// the change's place in the history, so running this again (another instance, or the deadline check
    /// after a restart) queues nothing twice.
    /// </summary>
    public async Task NotifyAsync(Question q, CancellationToken ct)
    {
        if (q.NoticesOwed <= 0)
        {
            return;
        }
        var byId = (await people.ListAsync(q.TenantId, ct)).ToDictionary(p => p.AadObjectId);
        var allDepartments = (await departments.ListAsync(q.TenantId, ct)).ToDictionary(d => d.Id);
        var department = q.DepartmentId is { } d ? allDepartments.GetValueOrDefault(d)?.Name : null;
        // Each person reads times on their own clock.
        TimeZoneInfo ZoneOf(Person p) => zones.Of(p, allDepartments);
        for (var index = Math.Max(0, q.NoticesOwed - 1); index < q.History.Count; index++)
        {
            await NotifyAsync(new ChangeNotice(q, index, byId, department, ZoneOf), ct);
        }
        await questions.UpdateAsync<bool>(q.TenantId, q.Id, current =>
            current.NoticesOwed == 0 ? (null, false)
            : (current with { NoticesOwed = current.History.Count > q.History.Count ? Math.Max(current.NoticesOwed, q.History.Count + 1) : 0 }, true),
            false, ct);
    }

    /// <summary>Each recipient gets the card in their own language, through the delivery engine.</summary>
    public async Task SendAsync(string messageId, Question question, IReadOnlyList<Person> recipients, Func<Texts, Person, JObject> card, CancellationToken ct)
    {
        var requests = recipients.Select(p => new SendRequest(messageId, $"{messageId}:{p.AadObjectId}", Recipient.For(p),
            new MessageContent(null, card(PersonTexts.For(p), p)))).ToList();
        if (requests.Count > 0)
        {
            await outbox.EnqueueAsync(messageId, null, requests, question.AskerId, ct);
        }
    }

    private Task NotifyAsync(ChangeNotice n, CancellationToken ct) => n.Change.Kind switch
    {
        "asked" => SendAsync(n.Message, n.Q, n.Of(n.Q.AssigneeIds), (t, p) => QuestionCards.ForAssignee(t, n.Q, n.Department, n.ZoneOf(p)), ct),
        "claimed" => ClaimedAsync(n, ct),
        "answered" => AnsweredAsync(n, ct),
        "reassigned" when n.Change.Note?.Split(':', 2) is [var to, var reason] => ReassignedAsync(n, to, reason, ct),
        "not-a-question" => DismissedAsync(n, ct),
        "closed" => ClosedAsync(n, ct),
        "reopened" => ReopenedAsync(n, ct),
        "nudged" => SendAsync(n.Message, n.Q, n.Of(n.Q.ClaimedBy is { } claimer ? [claimer] : n.Q.AssigneeIds),
            (t, p) => QuestionCards.Reminder(t, n.Q, n.Department, n.ZoneOf(p)), ct),
        "escalated" => EscalatedAsync(n, ct),
        _ => Task.CompletedTask,
    };

    private async Task ClaimedAsync(ChangeNotice n, CancellationToken ct)
    {
        await UpdateCardsAsync(n, except: n.Change.Actor, t => QuestionCards.TakenByOther(t, n.Q, n.ActorName, QuestionCards.Taken.Claimed), ct);
        // Claimed from the questions list, the claimer's own question cards still offer 対応します: they say it is theirs now.
        await UpdateOwnCardsAsync(n, n.Change.Actor, CardChanges, (t, p) => QuestionCards.Claimed(t, n.Q, n.Department, n.ZoneOf(p)), ct);
    }

    private async Task AnsweredAsync(ChangeNotice n, CancellationToken ct)
    {
        await SendAsync(n.Message, n.Q, n.Of([n.Q.AskerId]), (t, _) => QuestionCards.AnswerForAsker(t, n.Q, n.ActorName), ct);
        await UpdateCardsAsync(n, except: n.Change.Actor, t => QuestionCards.TakenByOther(t, n.Q, n.ActorName, QuestionCards.Taken.Answered), ct);
        await UpdateOwnCardsAsync(n, n.Change.Actor, CardChanges, (t, _) => QuestionCards.AnsweredByYou(t, n.Q), ct);
    }

    private async Task ReopenedAsync(ChangeNotice n, CancellationToken ct)
    {
        await SendAsync(n.Message, n.Q, n.Of(n.Q.AnsweredBy is { } answerer ? [answerer] : n.Q.AssigneeIds),
            (t, p) => QuestionCards.ForAssignee(t, n.Q, n.Department, n.ZoneOf(p)), ct);
        await UpdateOwnCardsAsync(n, n.Q.AskerId, AnswerChanges, (t, _) => QuestionCards.Resolved(t, n.Q), ct);
    }

    private async Task ReassignedAsync(ChangeNotice n, string to, string reason, CancellationToken ct)
    {
        var target = n.Of([to]);
        await UpdateCardsAsync(n, except: n.Change.Actor,
            t => QuestionCards.TakenByOther(t, n.Q, target.FirstOrDefault()?.DisplayName ?? "", QuestionCards.Taken.HandedOn), ct, skip: to);
        await SendAsync(n.Message, n.Q, target, (t, p) => QuestionCards.ForAssignee(t, n.Q, n.Department, n.ZoneOf(p), (n.ActorName, reason)), ct);
    }

    private async Task DismissedAsync(ChangeNotice n, CancellationToken ct)
    {
        await SendAsync(n.Message, n.Q, n.Of([n.Q.AskerId]), (t, _) => QuestionCards.DismissedForAsker(t, n.Q, n.ActorName, n.Change.Note), ct);
        await UpdateCardsAsync(n, except: n.Change.Actor, t => QuestionCards.TakenByOther(t, n.Q, n.ActorName, QuestionCards.Taken.Dismissed), ct);
    }

    private async Task ClosedAsync(ChangeNotice n, CancellationToken ct)
    {
        await UpdateCardsAsync(n, except: null, t => QuestionCards.ClosedForAssignee(t, n.Q), ct);
        await UpdateOwnCardsAsync(n, n.Q.AskerId, AnswerChanges, (t, _) => QuestionCards.Resolved(t, n.Q), ct);
        // The answer worked: offer to keep it in the FAQ for the next person.
        await SendAsync(n.Message + ":faq", n.Q, n.Of(n.Q.AnsweredBy is { } solver ? [solver] : []),
            (t, p) => FaqCards.Offer(t, n.Q, access.RolesOf(p).Contains(Role.Promoter)), ct);
    }

    private async Task EscalatedAsync(ChangeNotice n, CancellationToken ct)
    {
        await SendAsync(n.Message, n.Q, n.ById.Values.Where(p => access.RolesOf(p).Contains(Role.Promoter)).ToList(),
            (t, p) => QuestionCards.Escalated(t, n.Q, n.Department, n.ZoneOf(p), QuestionCards.BusinessTime(t, options.Value.Due, hours.Day)), ct);
        await SendAsync(n.Message + ":asker", n.Q, n.Of([n.Q.AskerId]), (t, _) => QuestionCards.EscalatedForAsker(t, n.Q), ct);
    }

    /// <summary>
    /// Rewrites every question card with buttons sent before the change (the first one, hand-overs,
    /// follow-ups, reminders, escalations), except those of one person, through the delivery engine.
    /// </summary>
    private async Task UpdateCardsAsync(ChangeNotice n, string? except, Func<Texts, JObject> card, CancellationToken ct, string? skip = null)
    {
        var message = n.Message + ":cards";
        var requests = new List<SendRequest>();
        for (var i = 0; i < n.Index; i++)
        {
            if (!CardChanges.Contains(n.Q.History[i].Kind))
            {
                continue;
            }
            foreach (var row in await deliveries.ReadDeliveriesAsync(ChangeNotice.EventMessage(n.Q.Id, i), ct))
            {
                if (row.ActivityId is { } activityId && row.AadObjectId is { } id && id != except && id != skip &&
                    n.ById.TryGetValue(id, out var person))
                {
                    requests.Add(new SendRequest(message, $"{message}:{id}:{i}", Recipient.For(person),
                        new MessageContent(null, card(PersonTexts.For(person))), activityId));
                }
            }
        }
        if (requests.Count > 0)
        {
            await outbox.EnqueueAsync(message, null, requests, n.Q.AskerId, ct);
        }
    }

    /// <summary>
    /// Rewrites the cards one person got for earlier changes of the given kinds. A press on the questions list
    /// leaves those cards as they were, with buttons that no longer apply; a press on the card itself has
    /// already replaced it with the same card.
    /// </summary>
    private async Task UpdateOwnCardsAsync(ChangeNotice n, string personId, IReadOnlySet<string> kinds, Func<Texts, Person, JObject> card, CancellationToken ct)
    {
        if (!n.ById.TryGetValue(personId, out var person))
        {
            return;
        }
        var message = n.Message + ":own";
        var requests = new List<SendRequest>();
        for (var i = 0; i < n.Index; i++)
        {
            if (!kinds.Contains(n.Q.History[i].Kind))
            {
                continue;
            }
            foreach (var row in await deliveries.ReadDeliveriesAsync(ChangeNotice.EventMessage(n.Q.Id, i), ct))
            {
                if (row.ActivityId is { } activityId && row.AadObjectId == personId)
                {
                    requests.Add(new SendRequest(message, $"{message}:{personId}:{i}", Recipient.For(person),
                        new MessageContent(null, card(PersonTexts.For(person), person)), activityId));
                }
            }
        }
        if (requests.Count > 0)
        {
            await outbox.EnqueueAsync(message, null, requests, n.Q.AskerId, ct);
        }
    }
}
