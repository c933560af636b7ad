using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

/// <summary>First contact: greet once and ask for the department.</summary>
public sealed class Welcome(DirectoryService directory, DepartmentRepository departments, IStartChecklist checklist, ILogger<Welcome> logger)
{
    /// <returns>True when this turn sent the welcome.</returns>
    public async Task<bool> SendIfFirstContactAsync(TurnRequest request, CancellationToken ct)
    {
        if (request.Person.WelcomedAt is not null || string.IsNullOrEmpty(request.TenantId) || !await directory.TryMarkWelcomedAsync(request.Person, ct))
        {
            return false;
        }
        var list = await departments.ListAsync(request.TenantId, ct);
        await request.ReplyAsync(DirectoryCards.Welcome(request.T, request.Person.Name, list, request.User.IsPromoter, request.Person.DepartmentId,
            request.Person.KeyUserOf), ct);
        // A promoter's first contact is where the programme starts: the checklist says what to set up.
        await checklist.SendIfPromoterAsync(request, ct);
        logger.LogInformation("Welcomed {Person}", request.Person.AadObjectId);
        return true;
    }

    public Task ForgetConversationAsync(Person person, CancellationToken ct) =>
        directory.MarkUninstalledAsync(person.TenantId, person.AadObjectId, ct);
}
