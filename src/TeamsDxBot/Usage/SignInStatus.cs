using Microsoft.Extensions.Options;
using TeamsDxBot.Calendar;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Usage;

/// <summary>The sign-in reading's line on the promoters' initiatives list: how far it has read, or why the last read failed.</summary>
public sealed class SignInStatus(SignInReadRepository reads, CompanyCalendar calendar, IOptionsMonitor<SignInOptions> options) : IInitiativeStatus
{
    public async Task<IReadOnlyList<InitiativeFact>> FactsAsync(Texts t, Initiative initiative, CancellationToken ct)
    {
        if (initiative.SignInAppId.Length == 0)
        {
            return [];
        }
        var label = t[nameof(Strings.SignIns_Label)];
        if (!options.CurrentValue.Enabled)
        {
            return [new(label, t[nameof(Strings.SignIns_Off)])];
        }
        var read = await reads.GetAsync(initiative.TenantId, initiative.Id, ct);
        if (read is null || read.AppId != initiative.SignInAppId)
        {
            return [new(label, t[nameof(Strings.SignIns_NotYet)])];
        }
        var facts = new List<InitiativeFact>();
        if (read.ReadUntil is { } until && read.LastReadAt is { } at)
        {
            var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(until.AddTicks(-1), calendar.Zone).DateTime);
            facts.Add(new(label, t.Format(nameof(Strings.SignIns_LastRead), Formats.Day(t, lastDay), Formats.When(t, at, calendar.Zone), read.LastPeople, read.LastUnmatched)));
        }
        if (read.ErrorKey is { } key && read.ErrorAt is { } failedAt)
        {
            facts.Add(new(label, t.Format(nameof(Strings.SignIns_LastError), Formats.When(t, failedAt, calendar.Zone), t.Format(key, read.ErrorStatus))));
        }
        return facts.Count > 0 ? facts : [new(label, t[nameof(Strings.SignIns_NotYet)])];
    }
}
