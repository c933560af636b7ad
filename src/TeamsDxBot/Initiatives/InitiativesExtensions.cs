using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Initiatives;

public static class InitiativesExtensions
{
    public static IHostApplicationBuilder AddInitiatives(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTable(InitiativeRepository.TableName);
        builder.Services.AddSingleton<InitiativeRepository>();
        builder.Services.AddSingleton<InitiativeService>();
        builder.Services.AddSingleton<IChatCommand, InitiativesCommand>();
        builder.Services.AddSingleton<ICardAction, InitiativeFormAction>();
        builder.Services.AddSingleton<ICardAction, SaveInitiativeAction>();
        return builder;
    }
}
