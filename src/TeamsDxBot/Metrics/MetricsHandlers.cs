using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Metrics;

/// <summary>Reads what the metrics card shows: recent weeks per initiative and the active keys (ids only).</summary>
public sealed class MetricsOverview(InitiativeService initiatives, ToolMetricsRepository metrics, ApiKeyService keys, DepartmentRepository departments)
{
    public async Task<JObject> CardAsync(TurnRequest request, CancellationToken ct)
    {
        var tenantId = request.TenantId;
        var list = await initiatives.ListAsync(tenantId, ct);
        var active = await keys.ListActiveAsync(tenantId, ct);
        var figures = new List<InitiativeFigures>();
        foreach (var initiative in list)
        {
            var all = await metrics.ListAsync(tenantId, initiative.Id, ct);
            var weeks = all.Select(m => m.WeekStart).Distinct().OrderDescending().Take(MetricsCards.RecentWeeks).ToHashSet();
            figures.Add(new InitiativeFigures(initiative, all.Where(m => weeks.Contains(m.WeekStart)).ToList(),
                active.Where(k => k.InitiativeId == initiative.Id).ToList()));
        }
        return MetricsCards.Overview(request.T, figures, await DepartmentNamesAsync(request, departments, ct));
    }

    public static async Task<Func<string?, string>> DepartmentNamesAsync(TurnRequest request, DepartmentRepository departments, CancellationToken ct)
    {
        var names = (await departments.ListAsync(request.TenantId, ct)).ToDictionary(d => d.Id, d => d.Name);
        var company = request.T[nameof(Strings.Metrics_Company)];
        return id => id is null ? company : names.GetValueOrDefault(id, id);
    }
}

public sealed class MetricsCommand(MetricsOverview overview)
    : ChatCommand("metrics", nameof(Strings.Command_Metrics), nameof(Strings.Command_MetricsHelp), Role.Promoter, 65)
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) =>
        await request.ReplyAsync(await overview.CardAsync(request, ct), ct);
}

public sealed class SaveMetricsAction(ToolMetricsService service, InitiativeService initiatives, DepartmentRepository departments) : ICardAction
{
    public string Verb => MetricsCards.SaveVerb;
    public Role RequiredRole => Role.Promoter;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var initiativeId = data.String("initiativeId");
        var csv = data.String("csv");
        var result = await service.UploadFromChatAsync(request.User, initiativeId, csv, ct);
        if (!result.Stored)
        {
            // The problems come with the form filled in again, so the promoter fixes the lines and resends.
            await request.ReplyAsync(MetricsCards.Problems(request.T, await initiatives.ListAsync(request.TenantId, ct), initiativeId, csv, result.Problems), ct);
            return;
        }
        var initiative = (await initiatives.GetAsync(request.TenantId, initiativeId!, ct))!;
        await request.ReplaceSubmittedCardAsync(MetricsCards.Stored(request.T, initiative, result.Write!, result.Metrics,
            await MetricsOverview.DepartmentNamesAsync(request, departments, ct)), ct);
    }
}

/// <summary>
/// "Create / rotate key" and "Revoke". When a key is in use the first press only asks; the confirming
/// press replaces that question, so a second press cannot revoke the key just made.
/// </summary>
public sealed class ApiKeyAction(string verb, ApiKeyService keys, InitiativeService initiatives, Audit.IAuditLog audit) : ICardAction
{
    public string Verb => verb;
    public Role RequiredRole => Role.Promoter;

    private bool Rotate => verb == MetricsCards.RotateKeyVerb;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var initiativeId = data.String(MetricsCards.KeyInitiativeField);
        var initiative = string.IsNullOrEmpty(initiativeId) ? null : await initiatives.GetAsync(request.TenantId, initiativeId, ct);
        if (initiative is null)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Metrics_InitiativeNotFound)], ct);
            return;
        }
        var confirmed = data.String(MetricsCards.ConfirmedField) == "true";
        if (!confirmed)
        {
            var active = (await keys.ListActiveAsync(request.TenantId, ct)).Where(k => k.InitiativeId == initiative.Id).ToList();
            if (active.Count > 0)
            {
                await request.ReplyAsync(MetricsCards.ConfirmKeyChange(request.T, initiative, active, Rotate), ct);
                return;
            }
            if (!Rotate)
            {
                await request.ReplyAsync(request.T[nameof(Strings.ApiKey_NoneActive)], ct);
                return;
            }
        }
        var change = Rotate ? await keys.RotateAsync(request.User, initiative.Id, ct) : await keys.RevokeAsync(request.User, initiative.Id, ct);
        if (change.ProblemKey is { } problem)
        {
            await request.ReplyAsync(request.T[problem], ct);
            return;
        }
        await audit.RecordAsync(request.User, change.Issued is null ? Audit.AuditAction.ApiKeyRevoked : Audit.AuditAction.ApiKeyIssued, initiative.Name, ct);
        var card = change.Issued is { } issued
            ? MetricsCards.KeyCreated(request.T, initiative, issued, change.Revoked)
            : MetricsCards.KeysRevoked(request.T, initiative, change.Revoked);
        if (confirmed)
        {
            await request.ReplaceSubmittedCardAsync(card, ct);
        }
        else
        {
            await request.ReplyAsync(card, ct);
        }
    }
}

/// <summary>Takes the key off the card once it has been copied; the chat history then no longer holds it.</summary>
public sealed class HideApiKeyAction : ICardAction
{
    public string Verb => MetricsCards.HideKeyVerb;
    public Role RequiredRole => Role.Promoter;

    public Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var keyId = data.String("keyId");
        var hint = keyId is { Length: 16 } && keyId.All(char.IsAsciiHexDigitLower) ? $"{ApiKeyService.Prefix}{keyId}_…" : ApiKeyService.Prefix + "…";
        return request.ReplaceSubmittedCardAsync(MetricsCards.KeyHidden(request.T, hint), ct);
    }
}

public static class MetricsExtensions
{
    public static IHostApplicationBuilder AddMetrics(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().Bind(builder.Configuration.GetSection(MetricsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(MetricsApi.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<MetricsOptions>>().Value.PostsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            limiter.OnRejected = (rejected, ct) => new ValueTask(MetricsApi.TooManyAsync(rejected, ct));
        });
        services.AddTable(ToolMetricsRepository.TableName).AddTable(ApiKeyRepository.TableName);
        services.AddSingleton<ToolMetricsRepository>();
        services.AddSingleton<Reports.IMeasuredFigures, MeasuredFiguresSource>();
        services.AddSingleton<ToolMetricsService>();
        services.AddSingleton<ApiKeyRepository>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<MetricsOverview>();
        services.AddSingleton<MetricsApi>();
        services.AddSingleton<IChatCommand, MetricsCommand>();
        services.AddSingleton<ICardAction, SaveMetricsAction>();
        services.AddSingleton<ICardAction, HideApiKeyAction>();
        foreach (var verb in new[] { MetricsCards.RotateKeyVerb, MetricsCards.RevokeKeyVerb })
        {
            services.AddSingleton<ICardAction>(sp => ActivatorUtilities.CreateInstance<ApiKeyAction>(sp, verb));
        }
        return builder;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.UseRateLimiter();
        app.MapPost(MetricsApi.Path, (HttpContext context, MetricsApi api) => api.HandleAsync(context))
            .RequireRateLimiting(MetricsApi.RateLimitPolicy);
        return app;
    }
}
