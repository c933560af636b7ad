using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;

namespace TeamsDxBot.Onboarding;

/// <summary>How far the programme's setup is, as the checklist shows it.</summary>
/// <param name="Departments">Open (not archived) departments.</param>
/// <param name="KeyUsers">Key users of each open department, in the departments' order.</param>
/// <param name="WithoutDepartment">People known to the bot who have no department (or an archived one).</param>
/// <param name="NextPulse">The earliest scheduled pulse send of any initiative, if one is scheduled.</param>
/// <param name="Teams">Teams the bot is installed in, with the people each enrolled.</param>
public sealed record StartStatus(
    IReadOnlyList<Department> Departments,
    IReadOnlyList<(Department Department, int KeyUsers)> KeyUsers,
    int WithoutDepartment,
    IReadOnlyList<Initiative> Initiatives,
    DateTimeOffset? NextPulse,
    IReadOnlyList<TeamRecord> Teams)
{
    public int DepartmentsWithKeyUsers => KeyUsers.Count(k => k.KeyUsers > 0);

    public bool AllDone => Departments.Count > 0 && DepartmentsWithKeyUsers == Departments.Count && WithoutDepartment == 0
        && Initiatives.Count > 0 && NextPulse is not null && Teams.Count > 0;
}
