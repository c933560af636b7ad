using Microsoft.Extensions.DependencyInjection.Extensions;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

public static class DirectoryExtensions
{
    public static IHostApplicationBuilder AddDirectory(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DirectoryOptions>().Bind(builder.Configuration.GetSection(DirectoryOptions.Section))
            .Validate(o => o.RosterSyncInterval > TimeSpan.Zero && o.RosterSyncLease > TimeSpan.Zero, "Directory intervals must be positive.")
            .ValidateOnStart();
        services.AddTable(PersonRepository.TableName).AddTable(PersonRepository.VersionsTableName).AddTable(DepartmentRepository.TableName).AddTable(TeamRepository.TableName);
        services.AddSingleton<PersonRepository>();
        services.AddSingleton<DepartmentRepository>();
        services.AddSingleton<TeamRepository>();
        services.AddSingleton<Access>();
        services.AddSingleton<DirectoryService>();
        services.AddSingleton<LastSeenWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<LastSeenWriter>());
        services.AddSingleton<DepartmentService>();
        services.AddSingleton<RosterImport>();
        services.AddSingleton<DirectoryMiddleware>();
        services.TryAddSingleton<IStartChecklist, NoStartChecklist>();
        services.AddSingleton<Welcome>();
        services.AddSingleton<TeamEnrollment>();
        services.AddSingleton<RosterSync>();
        services.AddHostedService(sp => sp.GetRequiredService<RosterSync>());

        services.AddSingleton<IChatCommand, ProfileCommand>();
        services.AddSingleton<IChatCommand, LanguageCommand>();
        services.AddSingleton<IChatCommand, DepartmentsCommand>();
        services.AddSingleton<IChatCommand, RolesCommand>();
        services.AddSingleton<IChatCommand, ImportCommand>();
        services.AddSingleton<ICardAction, SaveProfileAction>();
        services.AddSingleton<ICardAction, SetLanguageAction>();
        services.AddSingleton<ICardAction, ImportRosterAction>();
        services.AddSingleton<AuditViews>();
        services.AddSingleton<IChatCommand, AuditCommand>();
        services.AddSingleton<ICardAction, AuditMoreAction>();
        services.AddSingleton<ICardVerbs, DepartmentActions>();
        services.AddSingleton<ICardVerbs, RoleActions>();
        return builder;
    }
}
