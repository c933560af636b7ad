using TeamsDxBot.Reports;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Improvements;

public static class ImprovementsExtensions
{
    public static IHostApplicationBuilder AddImprovements(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTable(ImprovementRepository.TableName);
        builder.Services.AddSingleton<ImprovementRepository>();
        builder.Services.AddSingleton<ImprovementService>();
        builder.Services.AddSingleton<IOpenImprovements>(sp => sp.GetRequiredService<ImprovementService>());
        builder.Services.AddSingleton<IChatCommand, ImprovementsCommand>();
        builder.Services.AddSingleton<ICardVerbs, ImprovementActions>();
        return builder;
    }
}
