using Microsoft.Extensions.Options;
using TeamsDxBot.Calendar;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Nudges;

/// <summary>
/// Runs the nudge rules. One quiet-hours rule for all of them (business hours on weekdays in the
/// person's own time zone) and one daily cap per person. Safe with several instances: a nudge is
/// claimed in the log (rule, person, period) and a cap slot before it is queued, and the outbox
/// sends each message id once.
/// </summary>
public sealed class NudgeEngine(
    IEnumerable<INudgeRule> rules,
    InitiativeRepository initiatives,
    PersonRepository people,
    DepartmentRepository departments,
    Access access,
    NudgeLog log,
    NudgeCaps caps,
    NudgeSwitches switches,
    PersonZones zones,
    Outbox outbox,
    IOptions<NudgeOptions> options,
    TimeProvider time,
    ILogger<NudgeEngine> logger)
{
    public IReadOnlyList<string> RuleKeys { get; } = rules.Select(r => r.Key).ToList();

    public async Task<int> TickAsync(CancellationToken ct)
    {
        var sent = 0;
        foreach (var tenantId in (await initiatives.ListAllAsync(ct)).Select(i => i.TenantId).Distinct())
        {
            sent += await TickTenantAsync(tenantId, ct);
        }
        return sent;
    }

    private async Task<int> TickTenantAsync(string tenantId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var everyone = (await people.ListAsync(tenantId, ct)).Where(p => p.CanBeMessaged).ToList();
        var departmentList = (await departments.ListAsync(tenantId, ct)).ToDictionary(d => d.Id);
        // Rules are only asked about people it is a good time to nudge, so nothing is computed at night.
        var awake = everyone.Where(p => IsQuietHoursOver(p, departmentList, now)).ToList();
        if (awake.Count == 0)
        {
            return 0;
        }
        var context = new NudgeContext(tenantId, awake, awake.ToDictionary(p => p.AadObjectId, p => access.RolesOf(p)), now, everyone);
        var off = await switches.OffAsync(tenantId, ct);
        var sent = 0;
        foreach (var rule in rules.Where(r => !off.Contains(r.Key)))
        {
            foreach (var candidate in await rule.FindAsync(context, ct))
            {
                if (await TrySendAsync(tenantId, candidate, departmentList, now, ct))
                {
                    sent++;
                }
            }
        }
        return sent;
    }

    private bool IsQuietHoursOver(Person person, IReadOnlyDictionary<string, Department> departmentList, DateTimeOffset now)
    {
        return zones.Hours(zones.Of(person, departmentList)).IsOpen(now);
    }

    private async Task<bool> TrySendAsync(string tenantId, NudgeCandidate candidate, IReadOnlyDictionary<string, Department> departmentList, DateTimeOffset now, CancellationToken ct)
    {
        var person = candidate.Person;
        if (await log.IsLoggedAsync(tenantId, candidate.Rule, person.AadObjectId, candidate.Period, ct))
        {
            return false;
        }
        var day = DateOnly.FromDateTime(WallClock.ToLocal(now, zones.Of(person, departmentList)));
        if (await caps.TryTakeSlotAsync(tenantId, person.AadObjectId, day, options.Value.DailyCap, ct) is not { } slot)
        {
            // Over today's cap: the claim is not made, so the nudge comes on a later day if it still holds.
            return false;
        }
        var fedByAnswers = NudgeRuleKeys.FedByAnswers.Contains(candidate.Rule);
        if (!await log.TryClaimAsync(tenantId, new NudgeLogEntry(candidate.Rule, person.AadObjectId, fedByAnswers ? "" : person.DisplayName, candidate.Period, now), ct))
        {
            await caps.ReleaseAsync(tenantId, person.AadObjectId, slot, ct);
            return false;
        }
        var card = await candidate.Card(PersonTexts.For(person), ct);
        var messageId = $"nudge:{tenantId}:{candidate.Rule}:{person.AadObjectId}:{candidate.Period}";
        await outbox.EnqueueAsync(messageId, null, [new SendRequest(messageId, person.AadObjectId, Recipient.For(person), new MessageContent(null, card))], "nudges", ct);
        if (fedByAnswers)
        {
            logger.LogInformation("Nudge {Rule} queued ({Period})", candidate.Rule, candidate.Period);
        }
        else
        {
            logger.LogInformation("Nudge {Rule} for {Person} ({Period})", candidate.Rule, person.AadObjectId, candidate.Period);
        }
        return true;
    }
}

public sealed class NudgeWorker(NudgeEngine engine, IOptionsMonitor<NudgeOptions> options, TimeProvider time, ILogger<NudgeWorker> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.CurrentValue.CheckInterval;

    protected override Task RunOnceAsync(CancellationToken ct) => engine.TickAsync(ct);
}
