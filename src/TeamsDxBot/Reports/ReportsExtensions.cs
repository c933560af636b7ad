using TeamsDxBot.Pulse;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Reports;

public static class ReportsExtensions
{
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportBuilder>();
        builder.Services.AddSingleton<PulseReports>();
        builder.Services.AddSingleton<IPulseResultsPublisher>(sp => sp.GetRequiredService<PulseReports>());
        builder.Services.AddSingleton<IChatCommand, ReportCommand>();
        builder.Services.AddSingleton<ICardAction, ExportAction>();
        builder.Services.AddSingleton<ICardAction, WorkbookAction>();
        return builder;
    }
}
