using Microsoft.Extensions.Options;
using TeamsDxBot.Anonymity;
using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

/// <summary>
/// <c>questions</c>: staff see their own; key users their open queue; promoters everything open, overdue first.
/// </summary>
public sealed class QuestionsCommand(QuestionRepository questions, PersonRepository people, DepartmentRepository departments, PersonZones zones,
    IOptions<AnonymityOptions> anonymity, TimeProvider time)
    : ChatCommand("questions", nameof(Strings.Command_Questions), nameof(Strings.Command_QuestionsHelp), Role.Staff, 16)
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        var me = request.Person.AadObjectId;
        var all = await questions.ListAsync(request.TenantId, ct);
        var now = time.GetUtcNow();
        var (titleKey, shown) = request.User.IsPromoter
            ? (nameof(Strings.Questions_TitleAll), all.Where(q => q.IsOpenForAnswer))
            : request.User.Has(Role.KeyUser)
                ? (nameof(Strings.Questions_TitleQueue), all.Where(q => q.IsOpenForAnswer && q.AssigneeIds.Contains(me)))
                : (nameof(Strings.Questions_TitleMine), all.Where(q => q.AskerId == me));
        var ordered = shown
            .OrderByDescending(q => q.IsOpenForAnswer && q.DueAt < now)
            .ThenBy(q => q.IsOpenForAnswer ? q.DueAt : DateTimeOffset.MaxValue)
            .ThenByDescending(q => q.CreatedAt)
            .ToList();
        var names = (await people.ListAsync(request.TenantId, ct)).ToDictionary(p => p.AadObjectId, p => p.DisplayName);
        await request.ReplyAsync(QuestionCards.List(request.T, request.T[titleKey], ordered, now, id => names.GetValueOrDefault(id, "-"), await zones.OfAsync(request.Person, ct)), ct);
        if (request.User.IsPromoter && all.Count > 0)
        {
            var departmentNames = (await departments.ListAsync(request.TenantId, ct)).ToDictionary(d => d.Id, d => d.Name);
            var k = anonymity.Value.Threshold;
            var measures = QuestionMeasures.Shown(all, k);
            await request.ReplyAsync(QuestionCards.Measures(request.T, measures.Departments, measures.KeyUsers,
                id => departmentNames.GetValueOrDefault(id, "-"), id => names.GetValueOrDefault(id, "-"), k), ct);
        }
    }
}
