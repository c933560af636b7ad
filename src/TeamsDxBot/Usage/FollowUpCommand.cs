using System.Text;
using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Usage;

/// <summary>
/// フォローアップ / follow-up [department]: a key user's list for their departments; a promoter (or an executive,
/// who sees counts only) names any department, or picks one when they lead none themselves.
/// </summary>
public sealed class FollowUpCommand(FollowUpViews views, DepartmentRepository departments)
    : ChatCommand("follow-up", nameof(Strings.FollowUp_Command), nameof(Strings.FollowUp_CommandHelp), Role.KeyUser, 44, "followup", "follow up", "フォロー")
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        if (!FollowUpViews.MayRead(request.User))
        {
            await request.ReplyAsync(request.T[nameof(Strings.FollowUp_NotForYou)], ct);
            return;
        }
        var open = (await departments.ListAsync(request.TenantId, ct)).Where(d => !d.Archived).ToList();
        if (arguments.Length > 0)
        {
            var name = arguments.Normalize(NormalizationForm.FormKC).Trim();
            var department = open.FirstOrDefault(d => string.Equals(d.Name.Normalize(NormalizationForm.FormKC), name, StringComparison.OrdinalIgnoreCase));
            if (department is null)
            {
                await request.ReplyAsync(request.T.Format(nameof(Strings.FollowUp_DepartmentNotFound), name), ct);
                return;
            }
            if (!FollowUpList.MayRead(request.Person, request.User.Roles, department.Id))
            {
                await request.ReplyAsync(request.T.Format(nameof(Strings.FollowUp_NotYourDepartment), department.Name), ct);
                return;
            }
            await views.ShowAsync(request, [department.Id], ct);
            return;
        }
        var own = await views.AllowedAsync(request.User, request.Person.KeyUserOf, ct);
        if (own.Count > 0)
        {
            await views.ShowAsync(request, own, ct);
            return;
        }
        if (request.User.IsPromoter || request.User.Has(Role.Executive))
        {
            await request.ReplyAsync(FollowUpCards.Picker(request.T, open), ct);
            return;
        }
        // A key user whose departments were all archived.
        await request.ReplyAsync(request.T[nameof(Strings.FollowUp_NoDepartments)], ct);
    }
}
