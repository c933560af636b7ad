using TeamsDxBot.Reports;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Diagnosis;

public static class DiagnosisExtensions
{
    public static IHostApplicationBuilder AddDiagnosis(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DiagnosisOptions>().Bind(builder.Configuration.GetSection(DiagnosisOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ToolFirstOptions>().Bind(builder.Configuration.GetSection(ToolFirstOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<IsolatedPromoterOptions>().Bind(builder.Configuration.GetSection(IsolatedPromoterOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<OneOffOptions>().Bind(builder.Configuration.GetSection(OneOffOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddTable(DiagnosisSends.TableName);
        builder.Services.AddSingleton<DiagnosisSends>();
        builder.Services.AddSingleton<DiagnosisFactsReader>();
        builder.Services.AddSingleton<Recognition>();
        builder.Services.AddSingleton<IDiagnosisRule, ToolFirstRule>();
        builder.Services.AddSingleton<IDiagnosisRule, IsolatedPromoterRule>();
        builder.Services.AddSingleton<IDiagnosisRule, OneOffEnthusiasmRule>();
        builder.Services.AddSingleton<IReportSection, DiagnosisSection>();
        builder.Services.AddSingleton<ICardAction, ThanksAction>();
        return builder;
    }
}
