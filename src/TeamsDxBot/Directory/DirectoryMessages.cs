using TeamsDxBot.Resources;

namespace TeamsDxBot.Directory;

/// <summary>One place that turns a directory outcome into the sentence the person reads.</summary>
public static class DirectoryMessages
{
    public static string For(DirectoryResult result) => result switch
    {
        DirectoryResult.Done => nameof(Strings.Common_Done),
        DirectoryResult.Unchanged => nameof(Strings.Common_Unchanged),
        DirectoryResult.NotAllowed => nameof(Strings.Error_NotAllowed),
        DirectoryResult.PersonNotFound => nameof(Strings.Directory_PersonNotFound),
        DirectoryResult.DepartmentNotFound => nameof(Strings.Directory_DepartmentNotFound),
        DirectoryResult.DepartmentArchived => nameof(Strings.Directory_DepartmentArchived),
        DirectoryResult.DepartmentRequired => nameof(Strings.Directory_DepartmentRequired),
        DirectoryResult.BootstrapAdmin => nameof(Strings.Directory_BootstrapAdmin),
        DirectoryResult.LastPromoter => nameof(Strings.Directory_LastPromoter),
        _ => nameof(Strings.Error_Unexpected),
    };

    public static string For(DepartmentChange result) => result switch
    {
        DepartmentChange.Done => nameof(Strings.Common_Done),
        DepartmentChange.NotFound => nameof(Strings.Directory_DepartmentNotFound),
        DepartmentChange.DuplicateName => nameof(Strings.Department_DuplicateName),
        DepartmentChange.Conflict => nameof(Strings.Common_ChangedMeanwhile),
        _ => nameof(Strings.Error_Unexpected),
    };
}
