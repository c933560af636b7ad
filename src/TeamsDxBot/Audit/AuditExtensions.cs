using TeamsDxBot.Storage;

namespace TeamsDxBot.Audit;

public static class AuditExtensions
{
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTable(AuditLog.TableName);
        builder.Services.AddSingleton<IAuditLog, AuditLog>();
        return builder;
    }
}
