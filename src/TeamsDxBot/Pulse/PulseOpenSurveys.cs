using TeamsDxBot.Turns;

namespace TeamsDxBot.Pulse;

/// <summary>A survey this person was sent that still takes answers, and whether they have answered it.</summary>
public sealed record OpenSurvey(PulseRun Run, PulseInvitation Invitation, bool Answered);

/// <summary>
/// The surveys a person can still answer or change, so <c>pulse</c> can bring one back when the card
/// scrolled away in the chat. Reads only this person's invitation and answer in each open run.
/// </summary>
public sealed class PulseOpenSurveys(
    PulseRunRepository runs,
    PulseInvitationRepository invitations,
    PulseResponseRepository responses,
    PulseKeys keys,
    TimeProvider time)
{
    public async Task<IReadOnlyList<OpenSurvey>> ForAsync(Person person, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var result = new List<OpenSurvey>();
        foreach (var run in (await runs.ListAsync(person.TenantId, ct)).Where(r => r.IsOpen(now)).OrderBy(r => r.ClosesAt))
        {
            if (await invitations.GetAsync(person.TenantId, run.Id, person.AadObjectId, ct) is { Sent: true } invitation && invitation.ClosesAt > now)
            {
                var answered = await responses.GetAsync(person.TenantId, run, keys.RespondentKey(run.Id, person.AadObjectId), ct) is not null;
                result.Add(new OpenSurvey(run, invitation, answered));
            }
        }
        return result;
    }

    /// <summary>This person's invitation to an open run, or null when they were not sent it or it has closed.</summary>
    public async Task<OpenSurvey?> GetAsync(Person person, string? runId, CancellationToken ct) =>
        string.IsNullOrEmpty(runId) ? null : (await ForAsync(person, ct)).FirstOrDefault(s => s.Run.Id == runId);
}
