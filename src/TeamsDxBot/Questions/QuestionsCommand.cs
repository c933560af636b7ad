using Microsoft.Extensions.Options;
using TeamsDxBot.Anonymity;
using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

/// <summary>
/// <c>questions</c>: staff see their own; key users their open queue; promoters everything open, overdue first,
/// then how departments and key users handle questions.
/// </summary>
public sealed class QuestionsCommand(QuestionViews views, QuestionRepository questions, PersonRepository people, DepartmentRepository departments,
    IOptions<AnonymityOptions> anonymity)
    : ChatCommand("questions", nameof(Strings.Command_Questions), nameof(Strings.Command_QuestionsHelp), Role.Staff, 16)
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        await request.ReplyAsync(await views.ListAsync(request, ct), ct);
        if (!request.User.IsPromoter)
        {
            return;
        }
        var all = await questions.ListAsync(request.TenantId, ct);
        if (all.Count == 0)
        {
            return;
        }
        var notSet = request.T[nameof(Strings.Question_NotSet)];
        var names = (await people.ListAsync(request.TenantId, ct)).ToDictionary(p => p.AadObjectId, p => p.DisplayName);
        var departmentNames = (await departments.ListAsync(request.TenantId, ct)).ToDictionary(d => d.Id, d => d.Name);
        var k = anonymity.Value.Threshold;
        var measures = QuestionMeasures.Shown(all, k);
        await request.ReplyAsync(QuestionCards.Measures(request.T, measures.Departments, measures.KeyUsers,
            id => departmentNames.GetValueOrDefault(id, notSet), id => names.GetValueOrDefault(id, notSet), k), ct);
    }
}
