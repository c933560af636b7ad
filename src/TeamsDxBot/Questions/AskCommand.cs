using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

public sealed class AskCommand(QuestionDraft draft)
    : ChatCommand("ask", nameof(Strings.Command_Ask), nameof(Strings.Command_AskHelp), Role.Staff, 15, "question")
{
    public override Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) => draft.ShowAsync(request, arguments, ct);
}
