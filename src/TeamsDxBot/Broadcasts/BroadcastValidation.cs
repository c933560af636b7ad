using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Broadcasts;

/// <summary>The composer's form read into a broadcast, and the content and audience rules it must meet.</summary>
public sealed class BroadcastValidation(DepartmentRepository departments, InitiativeRepository initiatives, IHostEnvironment environment)
{
    public static (Broadcast Candidate, List<BroadcastProblem> Problems) FromForm(UserContext actor, BroadcastForm form)
    {
        var problems = new List<BroadcastProblem>();
        var audience = BroadcastAudience.Departments;
        // Named people come only from other features (a thank-you), never from the composer's form.
        if (form.Audience is { Length: > 0 } a && !(Enum.TryParse(a, ignoreCase: true, out audience) && Enum.IsDefined(audience) && audience != BroadcastAudience.People))
        {
            problems.Add(new(nameof(Strings.Broadcast_AudienceInvalid)));
        }
        static string? Optional(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        var candidate = new Broadcast
        {
            TenantId = actor.Person.TenantId,
            Id = form.Id ?? "",
            AuthorId = actor.Person.AadObjectId,
            AuthorName = actor.Person.DisplayName,
            Title = form.Title?.Trim() ?? "",
            Body = form.Body?.Trim() ?? "",
            ImageUrl = Optional(form.ImageUrl),
            LinkTitle = Optional(form.LinkTitle),
            LinkUrl = Optional(form.LinkUrl),
            Audience = audience,
            DepartmentIds = audience == BroadcastAudience.Departments
                ? (form.DepartmentIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList()
                : [],
            InitiativeId = audience == BroadcastAudience.Initiative ? Optional(form.InitiativeId) : null,
            Acknowledge = form.Acknowledge is "true" or "True",
            Schedule = form.Schedule,
        };
        return (candidate, problems);
    }

    /// <summary>Content and audience rules; a draft may still lack its body.</summary>
    public async Task<List<BroadcastProblem>> ValidateAsync(Person actor, IReadOnlySet<Role> roles, Broadcast b, bool draft, CancellationToken ct)
    {
        var known = (await departments.ListAsync(b.TenantId, ct)).ToDictionary(d => d.Id);
        var initiativeKnown = b.Audience == BroadcastAudience.Initiative && b.InitiativeId is not null && await initiatives.GetAsync(b.TenantId, b.InitiativeId, ct) is not null;
        var problems = ContentProblems(b, draft);
        problems.AddRange(AudienceProblems(actor, roles, b, known, initiativeKnown));
        return problems;
    }

    private List<BroadcastProblem> ContentProblems(Broadcast b, bool draft)
    {
        var problems = new List<BroadcastProblem>();
        if (b.Title.Length is 0 or > Broadcast.MaxTitle)
        {
            problems.Add(new(nameof(Strings.Broadcast_TitleInvalid), Broadcast.MaxTitle));
        }
        if ((!draft && b.Body.Length == 0) || b.Body.Length > Broadcast.MaxBody)
        {
            problems.Add(new(nameof(Strings.Broadcast_BodyInvalid), Broadcast.MaxBody));
        }
        if (b.ImageUrl is not null && !IsAllowedUrl(b.ImageUrl))
        {
            problems.Add(new(nameof(Strings.Broadcast_ImageUrlInvalid)));
        }
        if (b.LinkTitle is not null || b.LinkUrl is not null)
        {
            if (b.LinkTitle is null || b.LinkTitle.Length > Broadcast.MaxLinkTitle)
            {
                problems.Add(new(nameof(Strings.Broadcast_LinkTitleInvalid), Broadcast.MaxLinkTitle));
            }
            if (b.LinkUrl is null || !IsAllowedUrl(b.LinkUrl))
            {
                problems.Add(new(nameof(Strings.Broadcast_LinkUrlInvalid)));
            }
        }
        return problems;
    }

    private static List<BroadcastProblem> AudienceProblems(Person actor, IReadOnlySet<Role> roles, Broadcast b, IReadOnlyDictionary<string, Department> known, bool initiativeKnown)
    {
        var problems = new List<BroadcastProblem>();
        if (b.Audience == BroadcastAudience.Departments && b.DepartmentIds.Count == 0)
        {
            problems.Add(new(nameof(Strings.Broadcast_DepartmentsRequired)));
        }
        else if (b.Audience == BroadcastAudience.Departments && b.DepartmentIds.Any(d => !known.TryGetValue(d, out var department) || department.Archived))
        {
            problems.Add(new(nameof(Strings.Error_CardOutdated)));
        }
        else if (b.Audience == BroadcastAudience.Initiative && !initiativeKnown)
        {
            problems.Add(new(nameof(Strings.Broadcast_InitiativeRequired)));
        }
        else if (b.Audience == BroadcastAudience.People && (b.PersonIds.Count == 0 || b.DepartmentIds.Any(d => !known.TryGetValue(d, out var department) || department.Archived)))
        {
            problems.Add(new(nameof(Strings.Error_CardOutdated)));
        }
        if (!BroadcastPermissions.MayAddress(actor, roles, b.Audience, b.DepartmentIds))
        {
            var own = actor.KeyUserOf.Select(d => known.TryGetValue(d, out var department) ? department.Name : d).Order(StringComparer.Ordinal);
            problems.Add(new(nameof(Strings.Broadcast_OwnDepartmentsOnly), string.Join(" / ", own)));
        }
        return problems;
    }

    /// <summary>Absolute https only; the Development host also takes http on loopback (the Playground serves test images).</summary>
    private bool IsAllowedUrl(string url) =>
        url.Length <= Broadcast.MaxUrl
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Host.Length > 0
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && environment.IsDevelopment() && uri.Host == "127.0.0.1"));
}
