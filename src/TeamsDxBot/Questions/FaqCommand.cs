using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

public sealed class FaqCommand(QuestionService questions)
    : ChatCommand("faq", nameof(Strings.Command_Faq), nameof(Strings.Command_FaqHelp), Role.Staff, 17)
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            await request.ReplyAsync(request.T[nameof(Strings.Faq_Usage)], ct);
            return;
        }
        await request.ReplyAsync(FaqCards.Results(request.T, arguments, await questions.SearchFaqAsync(request.User, arguments, 5, 0.3, ct)), ct);
    }
}
