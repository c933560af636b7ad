using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using TeamsDxBot.Connector;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

/// <summary>
/// Installing the app in one all-staff team enrols the whole company: the turn only records the team
/// and asks for a roster read; <see cref="RosterSync"/> reads the (paged) roster in the background.
/// </summary>
public sealed class TeamEnrollment(TeamRepository teams, DirectoryService directory, ServiceUrlPolicy serviceUrls, TimeProvider time, ILogger<TeamEnrollment> logger)
{
    public async Task OnMembersAddedAsync(TurnRequest request, string teamId, string? teamName, bool botAdded, IEnumerable<TeamsChannelAccount> members, CancellationToken ct)
    {
        var activity = request.Turn.Activity;
        if (!serviceUrls.IsTrusted(request.Turn) || string.IsNullOrEmpty(request.TenantId))
        {
            logger.LogWarning("Ignoring team {TeamId} members update from untrusted {ServiceUrl}", teamId, activity.ServiceUrl);
            return;
        }
        if (botAdded)
        {
            await teams.UpsertAsync(new TeamRecord
            {
                TenantId = request.TenantId,
                TeamId = teamId,
                Name = teamName ?? "",
                Address = new ConversationAddress(activity.ServiceUrl, teamId, activity.Recipient.Id, activity.ChannelId),
                SyncPending = true,
                SyncRequestedAt = time.GetUtcNow(),
            }, ct);
            logger.LogInformation("Installed in team {TeamId}; roster read requested", teamId);
            await request.ReplyAsync(request.T[nameof(Strings.Team_Installed)], ct);
            return;
        }
        foreach (var member in members.Where(m => !string.IsNullOrEmpty(m.AadObjectId)))
        {
            await EnrolAsync(request.TenantId, activity.ServiceUrl, member, ct);
        }
    }

    public async Task OnBotRemovedAsync(string tenantId, string teamId, CancellationToken ct)
    {
        var team = await teams.GetAsync(tenantId, teamId, ct);
        if (team is not null)
        {
            await teams.TryReplaceAsync(team with { Installed = false, SyncPending = false }, ct);
        }
    }

    internal Task EnrolAsync(string tenantId, string serviceUrl, TeamsChannelAccount member, CancellationToken ct) =>
        directory.RecordAsync(new Sighting(tenantId, member.AadObjectId, member.Id, member.Name,
            member.Email ?? member.UserPrincipalName, null, null, null, serviceUrl), ct);
}

/// <summary>Reads pending team rosters; safe with several instances (each team is leased with an ETag).</summary>
public sealed class RosterSync(TeamRepository teams, TeamEnrollment enrollment, CloudAdapter adapter, IOptions<BotCredentials> credentials,
    IOptionsMonitor<DirectoryOptions> options, TimeProvider time, ILogger<RosterSync> logger) : BackgroundService
{
    private const int PageSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Roster sync pass failed; will retry");
            }
            await Task.Delay(options.CurrentValue.RosterSyncInterval, time, stoppingToken);
        }
    }

    /// <returns>How many teams this pass read.</returns>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var done = 0;
        foreach (var pending in await teams.ListPendingAsync(ct))
        {
            var now = time.GetUtcNow();
            if (pending.LeaseUntil > now)
            {
                continue;
            }
            var claimed = await teams.TryReplaceAsync(pending with { LeaseUntil = now + options.CurrentValue.RosterSyncLease }, ct);
            if (claimed is null)
            {
                continue; // another instance took it
            }
            var count = await ReadRosterAsync(claimed, ct);
            // If someone asked again while we read, the row changed and stays pending for the next pass.
            await teams.TryReplaceAsync(claimed with { SyncPending = false, SyncedAt = time.GetUtcNow(), MembersEnrolled = count, LeaseUntil = null }, ct);
            logger.LogInformation("Enrolled {Count} members of team {TeamId}", count, claimed.TeamId);
            done++;
        }
        return done;
    }

    private async Task<int> ReadRosterAsync(TeamRecord team, CancellationToken ct)
    {
        var count = 0;
        var reference = new ConversationReference
        {
            ServiceUrl = team.Address.ServiceUrl,
            ChannelId = team.Address.ChannelId,
            Conversation = new ConversationAccount(isGroup: true, id: team.Address.ConversationId, tenantId: team.TenantId, conversationType: "channel"),
            Bot = new ChannelAccount(team.Address.BotId),
        };
        await adapter.ContinueConversationAsync(credentials.Value.MicrosoftAppId ?? "", reference, async (turn, token) =>
        {
            string? continuation = null;
            do
            {
                var page = await TeamsInfo.GetPagedTeamMembersAsync(turn, team.TeamId, continuation, PageSize, token);
                foreach (var member in page.Members.Where(m => !string.IsNullOrEmpty(m.AadObjectId)))
                {
                    await enrollment.EnrolAsync(team.TenantId, team.Address.ServiceUrl, member, token);
                    count++;
                }
                continuation = page.ContinuationToken;
            }
            while (!string.IsNullOrEmpty(continuation));
        }, ct);
        return count;
    }
}
