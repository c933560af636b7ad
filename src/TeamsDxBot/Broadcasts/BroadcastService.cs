using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Broadcasts;

/// <summary>
/// Composing, scheduling, sending and cancelling broadcasts, as the cards and other features ask for them;
/// each part lives in its own class (permissions, validation, composing, sending, acknowledgements, the list).
/// </summary>
public sealed class BroadcastService(
    BroadcastPermissions permissions,
    BroadcastComposing composing,
    BroadcastSending sending,
    BroadcastAcknowledgements acknowledgements,
    BroadcastOverview overview,
    BroadcastScheduler scheduler,
    BroadcastZones zones)
{
    public static bool CanBroadcast(IReadOnlySet<Role> roles) => BroadcastPermissions.CanBroadcast(roles);

    /// <summary>Executives and promoters speak to the whole company; key users only to the departments they support.</summary>
    public static bool MayAddressAnyone(IReadOnlySet<Role> roles) => BroadcastPermissions.MayAddressAnyone(roles);

    public static bool MayAddress(Person person, IReadOnlySet<Role> roles, BroadcastAudience audience, IReadOnlyList<string> departmentIds) =>
        BroadcastPermissions.MayAddress(person, roles, audience, departmentIds);

    public static bool MayManage(UserContext actor, Broadcast broadcast) => BroadcastPermissions.MayManage(actor, broadcast);

    /// <summary>Who the broadcast's audience reaches and leaves out, as the directory says now.</summary>
    public Task<AudienceReach> ReachAsync(Broadcast broadcast, CancellationToken ct) => scheduler.ReachAsync(broadcast, ct);

    public Task<TimeZoneInfo> ZoneOfAsync(Person person, CancellationToken ct) => zones.ZoneOfAsync(person, ct);

    /// <summary>The zone a broadcast's times are entered in: its author's, also when a promoter edits it.</summary>
    public Task<TimeZoneInfo> ZoneForAsync(UserContext actor, Broadcast? broadcast, CancellationToken ct) => zones.ZoneForAsync(actor, broadcast, ct);

    /// <summary>Stores a draft without a schedule (for features that propose messages); throws when the draft could never be sent by this author.</summary>
    public Task<Broadcast> CreateDraftAsync(Person author, BroadcastDraft draft, CancellationToken ct) => composing.CreateDraftAsync(author, draft, ct);

    /// <summary>When a broadcast by an executive last went out in this tenant (null: never).</summary>
    public Task<DateTimeOffset?> LastExecutiveSendAsync(string tenantId, CancellationToken ct) => overview.LastExecutiveSendAsync(tenantId, ct);

    /// <summary>The broadcast to open in the composer (null id: a new one).</summary>
    public Task<BroadcastResult> OpenAsync(UserContext actor, string? id, CancellationToken ct) => permissions.OpenAsync(actor, id, ct);

    /// <summary>The composer's values as a broadcast (nothing checked or stored), to show the composer again as it was filled in.</summary>
    public static Broadcast Typed(UserContext actor, BroadcastForm form) =>
        BroadcastValidation.FromForm(actor, form).Candidate with { ETag = new Azure.ETag(form.ETag ?? "") };

    /// <summary>Checks the composer's content without storing anything (for the preview).</summary>
    public Task<(Broadcast Candidate, IReadOnlyList<BroadcastProblem> Problems)> CheckAsync(UserContext actor, BroadcastForm form, CancellationToken ct) =>
        composing.CheckAsync(actor, form, ct);

    /// <summary>Stores it unsent; a scheduled broadcast saved as a draft is taken off the schedule.</summary>
    public Task<BroadcastResult> SaveDraftAsync(UserContext actor, BroadcastForm form, CancellationToken ct) => composing.SaveDraftAsync(actor, form, ct);

    /// <summary>Sends now, or schedules, as the composer's "when" says.</summary>
    public Task<BroadcastResult> SubmitAsync(UserContext actor, BroadcastForm form, CancellationToken ct) => sending.SubmitAsync(actor, form, ct);

    /// <summary>A draft goes out now as one message; a scheduled broadcast's next occurrence goes out now.</summary>
    public Task<BroadcastResult> SendNowAsync(UserContext actor, string? id, CancellationToken ct) => sending.SendNowAsync(actor, id, ct);

    /// <summary>Stops what has not gone out yet; occurrences already sent stay in the history.</summary>
    public Task<BroadcastResult> CancelAsync(UserContext actor, string? id, CancellationToken ct) => sending.CancelAsync(actor, id, ct);

    /// <summary>"I'll try it": stored once per person, and only for someone the broadcast was sent to.</summary>
    public Task<BroadcastResult> AcknowledgeAsync(UserContext actor, string? id, int occurrence, CancellationToken ct) =>
        acknowledgements.AcknowledgeAsync(actor, id, occurrence, ct);

    /// <summary>
    /// What the <c>broadcasts</c> list shows this person: their own broadcasts (a promoter: everyone's), the latest
    /// drafts, the next scheduled and the last sent, with reports.
    /// </summary>
    public Task<IReadOnlyList<BroadcastView>> ListAsync(UserContext actor, CancellationToken ct) => overview.ListAsync(actor, ct);

    /// <summary>Departments and initiatives the composer offers this person (key users: only their own departments).</summary>
    public Task<(IReadOnlyList<Department> Departments, IReadOnlyList<Initiative> Initiatives, bool OwnDepartmentsOnly)> ChoicesAsync(UserContext actor, CancellationToken ct) =>
        composing.ChoicesAsync(actor, ct);

    public Task<(IReadOnlyDictionary<string, string> Departments, IReadOnlyDictionary<string, string> Initiatives)> NamesAsync(string tenantId, CancellationToken ct) =>
        composing.NamesAsync(tenantId, ct);
}
