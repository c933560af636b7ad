using System.Globalization;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Broadcasts;

public static class BroadcastCards
{
    /// <summary>Opens the composer: data { broadcastId } for an existing draft or schedule, none for a new one.</summary>
    public const string ComposeVerb = "broadcast.compose";
    public const string SaveVerb = "broadcast.save";
    public const string PreviewVerb = "broadcast.preview";
    /// <summary>Shows the composer again, as typed, with the fields of another timing: data { broadcastId, etag, timing }.</summary>
    public const string TimingVerb = "broadcast.timing";
    public const string SubmitVerb = "broadcast.submit";
    /// <summary>Sends a draft, or a schedule's next message, now: data { broadcastId }.</summary>
    public const string SendNowVerb = "broadcast.sendNow";
    public const string CancelVerb = "broadcast.cancel";
    public const string AckVerb = "broadcast.ack";

    /// <summary>Buttons on the list carry this, so the list they were pressed on is refreshed in place.</summary>
    public const string FromList = "list";

    public const int MaxReportsShown = 6;

    /// <summary>
    /// The card recipients get (and, as a preview, the author). Markdown in the body is the author's;
    /// everything else that came from a person is escaped.
    /// </summary>
    public static JObject Message(Texts t, Broadcast b, int occurrence, bool acknowledged = false, bool preview = false) => Create(
        [
            Title(EscapeMarkdown(b.Title)),
            b.ImageUrl is { Length: > 0 } image ? new JObject { ["type"] = "Image", ["url"] = image, ["altText"] = b.Title, ["size"] = "Stretch" } : null,
            Container(b.Body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(line => (JToken?)Text(line.Length == 0 ? " " : line))),
            Text(t.Format(nameof(Strings.Broadcast_From), EscapeMarkdown(b.AuthorName)), subtle: true),
            acknowledged ? Text(t[nameof(Strings.Broadcast_Thanks)], weight: "Bolder", color: "Good") : null,
        ],
        [
            b.LinkUrl is { Length: > 0 } link ? new JObject { ["type"] = "Action.OpenUrl", ["title"] = b.LinkTitle ?? link, ["url"] = link } : null,
            b.Acknowledge && !acknowledged
                ? Submit(t[nameof(Strings.Broadcast_Ack)], AckVerb, preview
                    ? new { broadcastId = b.Id, occurrence = "0", preview = "1" }
                    : new { broadcastId = b.Id, occurrence = occurrence.ToString(CultureInfo.InvariantCulture) }, style: "positive", validateInputs: false)
                : null,
        ]);

    public static string AudienceText(Texts t, Broadcast b, IReadOnlyDictionary<string, string> departments, IReadOnlyDictionary<string, string> initiatives) => b.Audience switch
    {
        BroadcastAudience.Everyone => t[nameof(Strings.Broadcast_AudienceEveryone)],
        BroadcastAudience.Initiative => t.Format(nameof(Strings.Broadcast_AudienceOfInitiative),
            b.InitiativeId is { } i && initiatives.TryGetValue(i, out var name) ? name : t[nameof(Strings.Broadcast_NotSet)]),
        BroadcastAudience.People => string.Join(t.IsEnglish ? ", " : "、",
            [t.Format(nameof(Strings.Broadcast_AudiencePeople), b.PersonIds.Count), .. b.DepartmentIds.Select(d => departments.GetValueOrDefault(d, d))]),
        _ => b.DepartmentIds.Count == 0 ? t[nameof(Strings.Broadcast_NotSet)] : string.Join(t.IsEnglish ? ", " : "、", b.DepartmentIds.Select(d => departments.GetValueOrDefault(d, d))),
    };

    public static JObject Composer(Texts t, Broadcast? b, IReadOnlyList<Department> departments, IReadOnlyList<Initiative> initiatives, bool ownDepartmentsOnly,
        TimeZoneInfo zone, DateOnly today)
    {
        var s = b?.Schedule ?? new BroadcastScheduleForm();
        var audiences = ownDepartmentsOnly
            ? new List<(string, string)> { (t[nameof(Strings.Broadcast_AudienceDepartments)], nameof(BroadcastAudience.Departments)) }
            : new List<(string, string)>
            {
                (t[nameof(Strings.Broadcast_AudienceEveryone)], nameof(BroadcastAudience.Everyone)),
                (t[nameof(Strings.Broadcast_AudienceDepartments)], nameof(BroadcastAudience.Departments)),
            };
        if (initiatives.Count > 0)
        {
            audiences.Add((t[nameof(Strings.Broadcast_AudienceInitiative)], nameof(BroadcastAudience.Initiative)));
        }
        var chosenDepartments = b?.DepartmentIds ?? (ownDepartmentsOnly && departments.Count == 1 ? [departments[0].Id] : []);
        var date = BroadcastTimings.TryParseDate(s.Date, out var d) ? d : today.AddDays(1);
        var time = BroadcastTimings.TryParseTime(s.Time, out var tm) ? tm : BroadcastTimings.DefaultTime;
        var weekdays = new[] { 1, 2, 3, 4, 5, 6, 0 }.Select(i => (t.Culture.DateTimeFormat.GetDayName((DayOfWeek)i), i.ToString(CultureInfo.InvariantCulture)));
        var rules = BroadcastTimings.MonthlyRules.Zip(
            [nameof(Strings.Broadcast_RuleFirst), nameof(Strings.Broadcast_RuleSecond), nameof(Strings.Broadcast_RuleThird), nameof(Strings.Broadcast_RuleFourth),
             nameof(Strings.Broadcast_RuleLast), nameof(Strings.Broadcast_RuleDay)],
            (value, key) => (t[key], value));
        var timings = BroadcastTiming.All.Zip(
            [nameof(Strings.Broadcast_TimingNow), nameof(Strings.Broadcast_TimingOnce), nameof(Strings.Broadcast_TimingDates), nameof(Strings.Broadcast_TimingWeekly),
             nameof(Strings.Broadcast_TimingMonthly)],
            (value, key) => (t[key], value));
        // A broadcast without an id is what someone typed into a new composer (shown again after a preview).
        var stored = b is { Id.Length: > 0 };
        var timing = s.TimingOrNow;
        var data = new { broadcastId = stored ? b!.Id : null, etag = stored ? b!.ETag.ToString() : null, timing };
        var timeInput = TimeInput("time", t[nameof(Strings.Broadcast_TimeLabel)], time);
        var countInput = NumberInput("count", t.Format(nameof(Strings.Broadcast_CountLabel), Broadcast.MaxOccurrences),
            int.TryParse(s.Count, CultureInfo.InvariantCulture, out var count) ? count : 6, 1, Broadcast.MaxOccurrences);
        var startInput = DateInput("date", t[timing == BroadcastTiming.Once ? nameof(Strings.Broadcast_DateLabel) : nameof(Strings.Broadcast_StartDateLabel)], date);
        // Only the fields of the chosen timing are on the card; another timing redraws it with what was typed.
        IReadOnlyList<JToken?> fields = timing switch
        {
            BroadcastTiming.Once => [startInput, timeInput],
            BroadcastTiming.Dates => [TextInput("dates", t[nameof(Strings.Broadcast_DatesLabel)], s.Dates, multiline: true, maxLength: 600, placeholder: t[nameof(Strings.Broadcast_DatesHint)]), timeInput],
            BroadcastTiming.Weekly => [startInput, ChoiceSet("weekday", t[nameof(Strings.Broadcast_WeekdayLabel)], weekdays, s.Weekday ?? "1"), timeInput, countInput],
            BroadcastTiming.Monthly =>
            [
                startInput,
                ChoiceSet("monthlyRule", t[nameof(Strings.Broadcast_MonthlyRuleLabel)], rules, s.MonthlyRule ?? "1"),
                ChoiceSet("weekday", t[nameof(Strings.Broadcast_WeekdayLabel)], weekdays, s.Weekday ?? "1"),
                NumberInput("day", t[nameof(Strings.Broadcast_DayLabel)], int.TryParse(s.Day, CultureInfo.InvariantCulture, out var day) ? day : 1, 1, 31),
                Text(t[nameof(Strings.Broadcast_MonthlyHint)], subtle: true),
                timeInput,
                countInput,
            ],
            _ => [Text(t[nameof(Strings.Broadcast_NowHint)], subtle: true)],
        };
        return Create(
            [
                Title(t[stored ? nameof(Strings.Broadcast_EditTitle) : nameof(Strings.Broadcast_NewTitle)]),
                TextInput("title", t[nameof(Strings.Broadcast_TitleLabel)], b?.Title, maxLength: Broadcast.MaxTitle, required: true,
                    errorMessage: t.Format(nameof(Strings.Broadcast_TitleInvalid), Broadcast.MaxTitle)),
                TextInput("body", t[nameof(Strings.Broadcast_BodyLabel)], b?.Body, multiline: true, maxLength: Broadcast.MaxBody),
                Text(t[nameof(Strings.Broadcast_BodyHint)], subtle: true),
                TextInput("imageUrl", t[nameof(Strings.Broadcast_ImageUrlLabel)], b?.ImageUrl, maxLength: Broadcast.MaxUrl, placeholder: "https://"),
                TextInput("linkTitle", t[nameof(Strings.Broadcast_LinkTitleLabel)], b?.LinkTitle, maxLength: Broadcast.MaxLinkTitle),
                TextInput("linkUrl", t[nameof(Strings.Broadcast_LinkUrlLabel)], b?.LinkUrl, maxLength: Broadcast.MaxUrl, placeholder: "https://"),
                ChoiceSet("audience", t[nameof(Strings.Broadcast_AudienceLabel)], audiences,
                    (b?.Audience ?? BroadcastAudience.Departments).ToString(), expanded: true),
                ChoiceSet("departmentIds", t[nameof(Strings.Broadcast_DepartmentsLabel)], departments.Select(x => (x.Name, x.Id)),
                    string.Join(',', chosenDepartments), multiSelect: true, placeholder: t[nameof(Strings.Broadcast_DepartmentsHint)]),
                initiatives.Count > 0
                    ? ChoiceSet("initiativeId", t[nameof(Strings.Broadcast_InitiativeLabel)], initiatives.Select(i => (i.NameFor(t.IsEnglish), i.Id)), b?.InitiativeId)
                    : null,
                Toggle("acknowledge", t[nameof(Strings.Broadcast_AcknowledgeLabel)], b?.Acknowledge ?? true),
                Container(
                [
                    Heading(t[nameof(Strings.Broadcast_WhenHeading)]),
                    Text(t.Format(nameof(Strings.Broadcast_TimingChosen), timings.First(x => x.value == timing).Item1)),
                    ActionSet(timings.Select(x => (JToken?)Submit((x.value == timing ? "✓ " : "") + x.Item1, TimingVerb,
                        new { data.broadcastId, data.etag, timing = x.value }, style: x.value == timing ? "positive" : null, validateInputs: false))),
                    .. fields,
                    Text(t.Format(nameof(Strings.Broadcast_ZoneNote), zone.Id), subtle: true),
                ], separator: true),
            ],
            [
                Submit(t[nameof(Strings.Broadcast_Preview)], PreviewVerb, data),
                Submit(t[nameof(Strings.Broadcast_SaveDraft)], SaveVerb, data),
                Submit(t[nameof(Strings.Broadcast_Submit)], SubmitVerb, data, style: "positive"),
            ]);
    }

    public static JObject Problems(Texts t, IReadOnlyList<BroadcastProblem> problems) => Create(
    [
        Heading(t[nameof(Strings.Broadcast_NotSaved)]),
        .. problems.Select(p => (JToken?)Text("• " + t.Format(p.Key, p.Args), color: "Attention")),
    ]);

    /// <summary>What replaces the composer once the broadcast is on its way or scheduled.</summary>
    /// <param name="reach">Who the audience leaves out: said after the audience, then named with what fixes it.</param>
    public static JObject Submitted(Texts t, Broadcast b, string audience, TimeZoneInfo zone, AudienceReach? reach = null, bool canSetDepartments = false) => Create(
    [
        Heading(t.Format(b.Occurrences.Any(o => o.SentAt is not null) ? nameof(Strings.Broadcast_SendingTitle) : nameof(Strings.Broadcast_ScheduledTitle), b.Title)),
        Facts(
        [
            (t[nameof(Strings.Broadcast_AudienceLabel)], audience + ReachCards.LeftOutClause(t, reach)),
            .. b.Occurrences.OrderBy(o => o.Number).Select(o => (
                t.Format(nameof(Strings.Broadcast_OccurrenceLabel), o.Number),
                Formats.When(t, o.At, zone) + (o.SentAt is null ? "" : t.Format(nameof(Strings.Broadcast_RecipientsSuffix), o.Recipients)))),
        ]),
        .. ReachCards.Details(t, reach, canSetDepartments),
        Text(t.Format(nameof(Strings.Broadcast_ZoneNote), zone.Id), subtle: true),
        Text(t[nameof(Strings.Broadcast_SeeList)], subtle: true),
    ]);

    /// <summary>The <c>broadcasts</c> list: drafts, scheduled and sent, with reports and the actions each allows.</summary>
    /// <param name="viewerIsPromoter">Promoters get a button to set the departments of people a broadcast leaves out.</param>
    public static JObject List(Texts t, IReadOnlyList<BroadcastView> views, IReadOnlyDictionary<string, string> departments, IReadOnlyDictionary<string, string> initiatives, string viewerId,
        bool viewerIsPromoter = false, TimeZoneInfo? viewerZone = null)
    {
        var body = new List<JToken?> { Title(t[nameof(Strings.Broadcast_ListTitle)]) };
        var drafts = views.Where(v => v.Broadcast.Status == BroadcastStatus.Draft).ToList();
        var scheduled = views.Where(v => v.Broadcast.Status == BroadcastStatus.Scheduled).OrderBy(v => v.Broadcast.NextAt).ToList();
        var sent = views.Where(v => v.Broadcast.Status is BroadcastStatus.Sent or BroadcastStatus.Cancelled).OrderByDescending(v => v.Broadcast.LastSentAt).ToList();
        if (drafts.Count + scheduled.Count + sent.Count == 0)
        {
            body.Add(Text(t[nameof(Strings.Broadcast_None)], subtle: true));
        }
        foreach (var (heading, items) in new[] { (nameof(Strings.Broadcast_Drafts), drafts), (nameof(Strings.Broadcast_ScheduledList), scheduled), (nameof(Strings.Broadcast_SentList), sent) })
        {
            if (items.Count == 0)
            {
                continue;
            }
            body.Add(Heading(t[heading]));
            body.AddRange(items.Select(v => (JToken?)Item(t, v, departments, initiatives, viewerId, viewerIsPromoter, viewerZone)));
        }
        return Create(body, [Submit(t[nameof(Strings.Broadcast_New)], ComposeVerb, validateInputs: false)]);
    }

    private static JObject Item(Texts t, BroadcastView v, IReadOnlyDictionary<string, string> departments, IReadOnlyDictionary<string, string> initiatives, string viewerId,
        bool viewerIsPromoter, TimeZoneInfo? viewerZone)
    {
        var b = v.Broadcast;
        var facts = new List<(string, string)>
        {
            (t[nameof(Strings.Broadcast_AudienceLabel)], AudienceText(t, b, departments, initiatives) + ReachCards.LeftOutClause(t, v.Reach)),
        };
        if (b.AuthorId != viewerId)
        {
            facts.Add((t[nameof(Strings.Broadcast_Author)], EscapeMarkdown(b.AuthorName)));
        }
        if (b.Status == BroadcastStatus.Scheduled && b.NextAt is { } next)
        {
            facts.Add((t[nameof(Strings.Broadcast_Next)], Formats.When(t, next, v.Zone, viewerZone ?? v.Zone)));
        }
        if (b.Occurrences.Count > 1)
        {
            facts.Add((t[nameof(Strings.Broadcast_Progress)], t.Format(nameof(Strings.Broadcast_ProgressValue), b.Occurrences.Count(o => o.SentAt is not null), b.Occurrences.Count)));
        }
        if (b.Status == BroadcastStatus.Cancelled)
        {
            facts.Add((t[nameof(Strings.Broadcast_Status)], t[nameof(Strings.Broadcast_CancelledRest)]));
        }
        foreach (var r in v.Reports)
        {
            var d = r.Delivery;
            facts.Add((t.Format(nameof(Strings.Broadcast_OccurrenceLabel), r.Occurrence.Number) + " " + Formats.When(t, r.Occurrence.SentAt ?? r.Occurrence.At, v.Zone),
                t.Format(nameof(Strings.Broadcast_ReportValue), d.Sent, d.Failed, d.Unreachable, d.Pending)));
        }
        if (v.Acks is { } acks)
        {
            facts.Add((t[nameof(Strings.Broadcast_Acks)], acks.Groups.Count == 0 ? t.Format(nameof(Strings.Broadcast_People), acks.Total)
                : t.Format(nameof(Strings.Common_WithDetail), t.Format(nameof(Strings.Broadcast_People), acks.Total), string.Join(" · ", acks.Groups.Select(g =>
                    $"{(g.DepartmentId is null ? t[nameof(Strings.Broadcast_Other)] : departments.GetValueOrDefault(g.DepartmentId, g.DepartmentId))} {g.Count}")))));
        }
        var open = b.Status is BroadcastStatus.Draft or BroadcastStatus.Scheduled;
        var data = new { broadcastId = b.Id, source = FromList };
        return Container(
        [
            Text(EscapeMarkdown(b.Title), weight: "Bolder"),
            Facts(facts),
            .. ReachCards.Details(t, v.Reach, viewerIsPromoter),
            v.CanManage && open && !b.InProgress ? ActionSet(
            [
                b.Started ? null : Submit(t[nameof(Strings.Broadcast_Edit)], ComposeVerb, data, validateInputs: false),
                Submit(t[nameof(Strings.Broadcast_SendNow)], SendNowVerb, data, validateInputs: false),
                Submit(t[b.Status == BroadcastStatus.Draft ? nameof(Strings.Broadcast_Discard) : nameof(Strings.Broadcast_Cancel)], CancelVerb, data, style: "destructive", validateInputs: false),
            ]) : null,
        ], separator: true);
    }

    private static JObject TimeInput(string id, string label, TimeOnly value) => new()
    {
        ["type"] = "Input.Time",
        ["id"] = id,
        ["label"] = label,
        ["value"] = value.ToString("HH:mm", CultureInfo.InvariantCulture),
    };
}
