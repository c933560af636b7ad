using Newtonsoft.Json.Linq;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Directory;

/// <summary>Cards of the directory feature: welcome, profile, language, departments, roles, roster import.</summary>
public static class DirectoryCards
{
    public const string SaveProfileVerb = "profile.save";
    public const string SetLanguageVerb = "language.set";
    public const string AddDepartmentVerb = "department.add";
    public const string RenameDepartmentVerb = "department.rename";
    public const string ArchiveDepartmentVerb = "department.archive";
    public const string RestoreDepartmentVerb = "department.restore";
    public const string DepartmentTimeZoneVerb = "department.timeZone";
    public const string GrantRoleVerb = "role.grant";
    public const string RevokeRoleVerb = "role.revoke";
    public const string SetPersonDepartmentVerb = "people.setDepartment";
    public const string ImportRosterVerb = "roster.import";

    /// <summary>
    /// What a fact shows when there is nothing: a lone "-" would be read as a markdown list item and shown
    /// as a bullet point.
    /// </summary>
    private static string Nothing(Texts t) => t[nameof(Strings.Common_NotSet)];

    /// <summary>People pickers become a searchable list up to this size, a free-text field beyond it.</summary>
    public const int MaxPeopleInPicker = 100;

    private static IEnumerable<(string, string)> Choices(IEnumerable<Department> departments) =>
        departments.Where(d => !d.Archived).Select(d => (d.Name, d.Id));

    /// <param name="keyUserOf">The departments this person is key user of: their first contact says what that means.</param>
    public static JObject Welcome(Texts t, string name, IReadOnlyList<Department> departments, bool isPromoter, string? currentDepartmentId = null,
        IReadOnlyCollection<string>? keyUserOf = null)
    {
        var open = departments.Where(d => !d.Archived).ToList();
        return Create(
            [
                Title(string.IsNullOrWhiteSpace(name) ? t[nameof(Strings.Welcome_TitleNoName)] : t.Format(nameof(Strings.Welcome_Title), name)),
                Text(t[nameof(Strings.Welcome_Intro)]),
                KeyUserIntro(t, departments.Where(d => keyUserOf?.Contains(d.Id) == true).Select(d => d.Name).ToList()),
                open.Count > 0
                    ? ChoiceSet("departmentId", t[nameof(Strings.Welcome_PickDepartment)], Choices(open), currentDepartmentId, required: true,
                        errorMessage: t[nameof(Strings.Profile_DepartmentRequired)], placeholder: t[nameof(Strings.Profile_DepartmentPlaceholder)])
                    : Text(t[isPromoter ? nameof(Strings.Welcome_NoDepartmentsPromoter) : nameof(Strings.Welcome_NoDepartments)], subtle: true),
                Text(t[nameof(Strings.Welcome_HelpHint)], subtle: true),
            ],
            open.Count > 0 ? [Submit(t[nameof(Strings.Common_Save)], SaveProfileVerb, style: "positive")] : null);
    }

    /// <summary>What being a key user means: their department's questions come here, how to answer, and what happens after the due time.</summary>
    private static JObject? KeyUserIntro(Texts t, IReadOnlyList<string> departmentNames)
    {
        if (departmentNames.Count == 0)
        {
            return null;
        }
        var names = string.Join(t.IsEnglish ? ", " : "、", departmentNames.Select(EscapeMarkdown));
        return Container(
        [
            Heading(t.Format(nameof(Strings.Welcome_KeyUserTitle), names)),
            Text(t.Format(nameof(Strings.Welcome_KeyUserQuestions), names)),
            Text(t.Format(nameof(Strings.Welcome_KeyUserAnswer), t[nameof(Strings.Question_Claim)], t[nameof(Strings.Question_AnswerButton)], t[nameof(Strings.Question_Reassign)])),
            Text(t[nameof(Strings.Welcome_KeyUserDeadline)]),
        ], style: "emphasis", separator: true);
    }

    public static JObject Profile(Texts t, Person person, IReadOnlySet<Role> roles, IReadOnlyList<Department> departments)
    {
        var open = departments.Where(d => !d.Archived).ToList();
        return Create(
            [
                Title(t[nameof(Strings.Profile_Title)]),
                Facts(
                [
                    (t[nameof(Strings.Profile_Name)], person.DisplayName),
                    (t[nameof(Strings.Profile_Email)], person.Email ?? Nothing(t)),
                    (t[nameof(Strings.Profile_Roles)], RoleNames(t, roles, person, departments)),
                ]),
                open.Count > 0
                    ? ChoiceSet("departmentId", t[nameof(Strings.Profile_Department)], Choices(open), person.DepartmentId,
                        placeholder: t[nameof(Strings.Profile_DepartmentPlaceholder)])
                    : Text(t[nameof(Strings.Welcome_NoDepartments)], subtle: true),
                ChoiceSet("language", t[nameof(Strings.Profile_Language)],
                    [("日本語", Languages.Japanese.Name), ("English", Languages.English.Name)], t.Culture.Name, required: true,
                    errorMessage: t[nameof(Strings.Language_Prompt)]),
            ],
            [Submit(t[nameof(Strings.Common_Save)], SaveProfileVerb, style: "positive")]);
    }

    public static JObject ProfileSaved(Texts t, Person person, IReadOnlyList<Department> departments) => Create(
    [
        Heading(t[nameof(Strings.Profile_Saved)]),
        Facts(
        [
            (t[nameof(Strings.Profile_Department)], departments.FirstOrDefault(d => d.Id == person.DepartmentId)?.Name ?? Nothing(t)),
            (t[nameof(Strings.Profile_Language)], t.IsEnglish ? "English" : "日本語"),
        ]),
        Text(t[nameof(Strings.Welcome_HelpHint)], subtle: true),
    ]);

    public static JObject Language(Texts t) => Create(
        [Heading(t[nameof(Strings.Language_Prompt)])],
        [
            Submit("日本語", SetLanguageVerb, new { language = Languages.Japanese.Name }),
            Submit("English", SetLanguageVerb, new { language = Languages.English.Name }),
        ]);

    public static string RoleNames(Texts t, IReadOnlySet<Role> roles, Person person, IReadOnlyList<Department> departments)
    {
        var names = new List<string>();
        if (roles.Contains(Role.Executive))
        {
            names.Add(t[nameof(Strings.Role_Executive)]);
        }
        if (roles.Contains(Role.Promoter))
        {
            names.Add(t[nameof(Strings.Role_Promoter)]);
        }
        if (roles.Contains(Role.KeyUser))
        {
            var of = departments.Where(d => person.KeyUserOf.Contains(d.Id)).Select(d => d.Name);
            names.Add(t.Format(nameof(Strings.Role_KeyUserOf), string.Join(", ", of)));
        }
        if (names.Count == 0)
        {
            names.Add(t[nameof(Strings.Role_Staff)]);
        }
        return string.Join(" / ", names);
    }

    public static JObject Departments(Texts t, IReadOnlyList<Department> departments, IReadOnlyList<Person> people, bool isPromoter)
    {
        var body = new List<JToken?> { Title(t[nameof(Strings.Departments_Title)]) };
        if (departments.Count == 0)
        {
            body.Add(Text(t[nameof(Strings.Departments_None)], subtle: true));
        }
        else
        {
            body.Add(Facts(departments.Select(d =>
            {
                var members = people.Count(p => p.DepartmentId == d.Id);
                var keyUsers = string.Join(", ", people.Where(p => p.KeyUserOf.Contains(d.Id)).Select(p => p.DisplayName));
                var name = d.Archived ? t.Format(nameof(Strings.Departments_Archived), d.Name) : d.Name;
                var summary = t.Format(nameof(Strings.Departments_Summary), members, keyUsers.Length > 0 ? keyUsers : Nothing(t));
                return (name, d.TimeZone is null ? summary : $"{summary} · {d.TimeZone}");
            })));
        }
        if (!isPromoter)
        {
            return Create(body);
        }
        var open = Choices(departments).ToList();
        var archived = departments.Where(d => d.Archived).Select(d => (d.Name, d.Id)).ToList();
        body.Add(Container(
        [
            Heading(t[nameof(Strings.Departments_Add)]),
            TextInput("name", t[nameof(Strings.Departments_Name)], maxLength: Department.MaxNameLength, placeholder: t[nameof(Strings.Departments_NamePlaceholder)]),
        ], separator: true));
        var actions = new List<JToken?> { Submit(t[nameof(Strings.Departments_Add)], AddDepartmentVerb, style: "positive") };
        if (open.Count > 0)
        {
            body.Add(Container(
            [
                Heading(t[nameof(Strings.Departments_Change)]),
                ChoiceSet("departmentId", t[nameof(Strings.Departments_Which)], open, placeholder: t[nameof(Strings.Profile_DepartmentPlaceholder)]),
                TextInput("newName", t[nameof(Strings.Departments_NewName)], maxLength: Department.MaxNameLength),
                TextInput("timeZone", t[nameof(Strings.Departments_TimeZone)], maxLength: 64, placeholder: "Asia/Tokyo"),
            ], separator: true));
            actions.Add(Submit(t[nameof(Strings.Departments_Rename)], RenameDepartmentVerb));
            actions.Add(Submit(t[nameof(Strings.Departments_SetTimeZone)], DepartmentTimeZoneVerb));
            actions.Add(Submit(t[nameof(Strings.Departments_Archive)], ArchiveDepartmentVerb, style: "destructive"));
        }
        if (archived.Count > 0)
        {
            body.Add(ChoiceSet("archivedId", t[nameof(Strings.Departments_ArchivedList)], archived));
            actions.Add(Submit(t[nameof(Strings.Departments_Restore)], RestoreDepartmentVerb));
        }
        return Create(body, actions);
    }

    public static JObject Roles(Texts t, IReadOnlyList<Person> people, IReadOnlyList<Department> departments, Access access)
    {
        string Names(Func<Person, bool> filter) =>
            people.Where(filter).Select(p => p.DisplayName).DefaultIfEmpty(Nothing(t)).Aggregate((a, b) => a + ", " + b);

        var facts = new List<(string, string)>
        {
            (t[nameof(Strings.Role_Executive)], Names(p => p.IsExecutive)),
            (t[nameof(Strings.Role_Promoter)], Names(p => access.RolesOf(p).Contains(Role.Promoter))),
        };
        facts.AddRange(departments.Where(d => !d.Archived).Select(d =>
            (t.Format(nameof(Strings.Role_KeyUserOf), d.Name), Names(p => p.KeyUserOf.Contains(d.Id)))));

        var personInput = people.Count <= MaxPeopleInPicker
            ? ChoiceSet("person", t[nameof(Strings.Roles_Person)],
                people.OrderBy(p => p.DisplayName, StringComparer.CurrentCulture).Select(p => (p.Email is null ? p.DisplayName : $"{p.DisplayName} ({p.Email})", p.AadObjectId)),
                required: true, errorMessage: t[nameof(Strings.Roles_PersonRequired)], filtered: true)
            : TextInput("person", t[nameof(Strings.Roles_PersonByEmail)], required: true, errorMessage: t[nameof(Strings.Roles_PersonRequired)], placeholder: "name@example.com");

        return Create(
            [
                Title(t[nameof(Strings.Roles_Title)]),
                Facts(facts),
                Container(
                [
                    personInput,
                    ChoiceSet("role", t[nameof(Strings.Roles_Role)],
                    [
                        (t[nameof(Strings.Role_KeyUser)], nameof(Role.KeyUser)),
                        (t[nameof(Strings.Role_Executive)], nameof(Role.Executive)),
                        (t[nameof(Strings.Role_Promoter)], nameof(Role.Promoter)),
                    ], nameof(Role.KeyUser)),
                    ChoiceSet("departmentId", t[nameof(Strings.Roles_Department)], Choices(departments), placeholder: t[nameof(Strings.Profile_DepartmentPlaceholder)]),
                    Text(t[nameof(Strings.Roles_Hint)], subtle: true),
                ], separator: true),
            ],
            [
                Submit(t[nameof(Strings.Roles_Grant)], GrantRoleVerb, style: "positive"),
                Submit(t[nameof(Strings.Roles_Revoke)], RevokeRoleVerb, style: "destructive"),
                Submit(t[nameof(Strings.Roles_SetDepartment)], SetPersonDepartmentVerb),
            ]);
    }

    /// <summary>
    /// Invented people (no one in the demo tenant), so a promoter who pastes the example as it is gets
    /// "not registered yet" rather than somebody's role changed.
    /// </summary>
    private static string[] RosterExample(Texts t) => t.IsEnglish
        ?
        [
            "email,department,role,employee_id",
            "j.baker@contoso.example,Sales,Staff,E1001",
            "m.chen@contoso.example,Plant,Key user,E1002",
        ]
        :
        [
            "email,department,role,employee_id",
            "nakamura.ken@contoso.example,営業部,一般社員,E1001",
            "kobayashi.aya@contoso.example,製造部,キーユーザー,E1002",
        ];

    /// <summary>The form; after a failed import it comes back filled with what was pasted, to fix and resend.</summary>
    private static IEnumerable<JToken?> RosterForm(Texts t, string? previous) =>
    [
        TextInput("csv", t[nameof(Strings.Roster_Paste)], previous, multiline: true, maxLength: Directory.RosterImport.MaxLength,
            required: true, errorMessage: t[nameof(Strings.Roster_Empty)]),
    ];

    public static JObject RosterImport(Texts t) => Create(
        [
            Title(t[nameof(Strings.Roster_Title)]),
            Text(t[nameof(Strings.Roster_Instructions)]),
            .. RosterExample(t).Select(line => Text(line, subtle: true, monospace: true)),
            .. RosterForm(t, null),
        ],
        [Submit(t[nameof(Strings.Roster_Import)], ImportRosterVerb, style: "positive")]);

    public static JObject RosterProblems(Texts t, IReadOnlyList<RosterProblem> problems, string? pasted) => Create(
        [
            Heading(t.Format(nameof(Strings.Roster_ProblemsTitle), problems.Count)),
            Text(t[nameof(Strings.Roster_NothingApplied)], color: "Attention"),
            .. problems.Take(50).Select(p => Text(p.Line > 0
                ? t.Format(nameof(Strings.Roster_LinePrefix), p.Line, t.Format(p.Key, p.Args))
                : t.Format(p.Key, p.Args))),
            problems.Count > 50 ? Text(t.Format(nameof(Strings.Roster_MoreProblems), problems.Count - 50), subtle: true) : null,
            .. RosterForm(t, pasted),
        ],
        [Submit(t[nameof(Strings.Roster_Import)], ImportRosterVerb, style: "positive")]);

    public static JObject RosterApplied(Texts t, RosterImportResult result, IReadOnlyList<Department> departments) => Create(
    [
        Heading(t.Format(nameof(Strings.Roster_AppliedTitle), result.Changes.Count, result.Unchanged)),
        .. result.Changes.Take(50).Select(c => Text(t.Format(nameof(Strings.Roster_LinePrefix), c.Line,
            t.Format(nameof(Strings.Roster_ChangeLine), c.After.DisplayName, c.Department.Name, RoleNames(t, Access.StoredRoles(c.After), c.After, departments))
            + (c.After.EmployeeId is { } id ? t.Format(nameof(Strings.Roster_EmployeeIdSuffix), id) : "")))),
        result.Changes.Count > 50 ? Text(t.Format(nameof(Strings.Roster_MoreChanges), result.Changes.Count - 50), subtle: true) : null,
    ]);
}
