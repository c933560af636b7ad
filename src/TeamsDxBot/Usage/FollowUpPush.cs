using System.Globalization;
using Cronos;
using Microsoft.Extensions.Options;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Usage;

/// <summary>
/// Sends each key user their follow-up list once a week (<c>Usage:FollowUp:WeeklyCron</c>, company time zone),
/// one card per initiative with someone to follow up in their departments. Safe with two instances and with
/// a repeated run: every card has a fixed message id per week, initiative and person (the outbox sends it once),
/// and the week is marked done in JobMarks afterwards.
/// </summary>
public sealed class FollowUpPush(
    FollowUpList list,
    InitiativeRepository initiatives,
    PersonRepository people,
    Access access,
    Outbox outbox,
    JobMarks marks,
    PersonZones zones,
    IOptionsMonitor<FollowUpOptions> options,
    TimeProvider time,
    ILogger<FollowUpPush> logger)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Within three days of the due time: a run missed over a restart still goes out, an older one does not.
        var due = CronExpression.Parse(options.CurrentValue.WeeklyCron).GetOccurrences(now.AddDays(-3), now, zones.Company, true, true).LastOrDefault();
        if (due == default)
        {
            return 0;
        }
        var week = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(due, zones.Company).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sent = 0;
        foreach (var tenantId in (await initiatives.ListAllAsync(ct)).Select(i => i.TenantId).Distinct())
        {
            var key = $"followup-weekly|{week}";
            if (await marks.IsDoneAsync(tenantId, key, ct))
            {
                continue;
            }
            sent += await SendTenantAsync(tenantId, week, ct);
            await marks.MarkDoneAsync(tenantId, key, ct);
        }
        return sent;
    }

    private async Task<int> SendTenantAsync(string tenantId, string week, CancellationToken ct)
    {
        var keyUsers = (await people.ListAsync(tenantId, ct)).Where(p => p.KeyUserOf.Count > 0 && p.CanBeMessaged).ToList();
        if (keyUsers.Count == 0)
        {
            return 0;
        }
        var sent = 0;
        foreach (var initiative in await initiatives.ListAsync(tenantId, ct))
        {
            var readers = keyUsers.Where(k => k.KeyUserOf.Any(d => initiative.DepartmentIds.Count == 0 || initiative.DepartmentIds.Contains(d))).ToList();
            if (readers.Count == 0 || await list.LoadAsync(initiative, ct) is not { } snapshot)
            {
                continue;
            }
            var messageId = $"followup:{tenantId}:{week}:{initiative.Id}";
            var requests = new List<SendRequest>();
            foreach (var reader in readers)
            {
                var roles = access.RolesOf(reader);
                var scope = reader.KeyUserOf.Where(d => snapshot.Departments.ContainsKey(d)).Order(StringComparer.Ordinal).ToList();
                var view = list.View(snapshot, scope.Where(d => initiative.DepartmentIds.Count == 0 || initiative.DepartmentIds.Contains(d)).ToList(), list.NamesFor(reader, roles, scope));
                // Nobody to follow up: no card this week (the came-back count waits for the next list).
                if (view.Departments.All(d => d.ToFollow.Count == 0))
                {
                    continue;
                }
                var card = FollowUpCards.List(PersonTexts.For(reader), view, list.MaxRows);
                requests.Add(new SendRequest(messageId, reader.AadObjectId, Recipient.For(reader), new MessageContent(null, card)));
            }
            if (requests.Count > 0)
            {
                sent += (await outbox.EnqueueAsync(messageId, null, requests, "followup", ct)).Enqueued;
            }
            logger.LogInformation("Weekly follow-up list of {Initiative} for {Week} queued for {Count} key users", initiative.Id, week, requests.Count);
        }
        return sent;
    }
}

public sealed class FollowUpWorker(FollowUpPush push, IOptionsMonitor<FollowUpOptions> options, TimeProvider time, ILogger<FollowUpWorker> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.CurrentValue.CheckInterval;

    protected override Task RunOnceAsync(CancellationToken ct) => push.RunAsync(ct);
}
