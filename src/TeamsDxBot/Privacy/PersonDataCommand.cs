using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Privacy;

/// <summary><c>person</c> / <c>個人データ &lt;email&gt;</c>: a promoter opens one person's stored data to export or delete it.</summary>
public sealed class PersonDataCommand(DirectoryService directory, Access access)
    : ChatCommand("person", nameof(Strings.Command_PersonData), nameof(Strings.Command_PersonDataHelp), Role.Promoter, 96, "persondata")
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        if (await PersonCards.FindOneAsync(request, directory, arguments, ct) is { } person)
        {
            await request.ReplyAsync(PersonCards.Person(request.T, person, access), ct);
        }
    }
}
