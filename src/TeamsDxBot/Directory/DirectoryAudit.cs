using TeamsDxBot.Audit;

namespace TeamsDxBot.Directory;

/// <summary>Which audit action a directory card verb stands for.</summary>
public static class DirectoryAudit
{
    public static AuditAction ForDepartment(string verb) => verb switch
    {
        DirectoryCards.AddDepartmentVerb => AuditAction.DepartmentAdded,
        DirectoryCards.RenameDepartmentVerb => AuditAction.DepartmentRenamed,
        DirectoryCards.ArchiveDepartmentVerb => AuditAction.DepartmentArchived,
        DirectoryCards.DepartmentTimeZoneVerb => AuditAction.DepartmentTimeZoneSet,
        _ => AuditAction.DepartmentRestored,
    };

    /// <summary>"Name: Role Department" (either part may be missing).</summary>
    public static string RoleTarget(string personName, string? role, string? departmentName) =>
        $"{personName}: {string.Join(' ', new[] { role, departmentName }.Where(p => !string.IsNullOrEmpty(p)))}";

    public static AuditAction ForRole(string verb) => verb switch
    {
        DirectoryCards.GrantRoleVerb => AuditAction.RoleGranted,
        DirectoryCards.RevokeRoleVerb => AuditAction.RoleRevoked,
        _ => AuditAction.PersonDepartmentSet,
    };
}
