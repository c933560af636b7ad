using Newtonsoft.Json.Linq;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Pulse;

public static class PulseCards
{
    public const string AnswerVerb = "pulse.answer";
    public const string EditVerb = "pulse.edit";
    public const string PauseVerb = "pulse.pause";
    public const string ResumeVerb = "pulse.resume";
    /// <summary>Brings back the survey card of an open run this person was sent: data { runId }.</summary>
    public const string OpenSurveyVerb = "pulse.openSurvey";
    /// <summary>data { initiativeId, mode }: mode "" asks first when needed, "replace" sends instead of this week's scheduled pulse, "wait" sends nothing.</summary>
    public const string RunNowVerb = "pulse.runNow";
    /// <summary>Sends the open run to the people added to its audience since it started: data { initiativeId, runId }.</summary>
    public const string SendToNewcomersVerb = "pulse.sendToNewcomers";
    public const string SettingsFormVerb = "pulse.settingsForm";
    public const string SaveSettingsVerb = "pulse.saveSettings";
    public const string QuestionsVerb = "pulse.questions";
    public const string MoveQuestionVerb = "pulse.moveQuestion";
    public const string RemoveQuestionVerb = "pulse.removeQuestion";
    public const string AddQuestionVerb = "pulse.addQuestion";
    public const string ResetQuestionsVerb = "pulse.resetQuestions";

    public static string InputId(PulseQuestion q) => "q_" + q.Id;

    private static string KindTitle(Texts t, PulseRun run) => run.Kind == PulseRunKind.Review
        ? t.Format(nameof(Strings.Pulse_ReviewTitle), run.ToolNameFor(t.IsEnglish), run.Milestone ?? 0)
        : t.Format(nameof(Strings.Pulse_SurveyTitle), run.ToolNameFor(t.IsEnglish));

    public static JObject Survey(Texts t, PulseRun run, SurveyTicket ticket, TimeZoneInfo zone,
        IReadOnlyDictionary<string, string>? answers, bool reminder, int threshold, IReadOnlyList<string>? problems = null)
    {
        var body = new List<JToken?>
        {
            // Refused answers come back on the same card, filled in as sent, so nothing has to be typed again.
            problems is { Count: > 0 } ? Container(NotSaved(t, problems), style: "attention") : null,
            reminder ? Text(t[nameof(Strings.Pulse_ReminderNote)], weight: "Bolder", color: "Accent") : null,
            Title(KindTitle(t, run)),
            Text(t.Format(nameof(Strings.Pulse_ClosesAt), Formats.When(t, ticket.ClosesAt, zone)), subtle: true),
            Text(run.Anonymous ? t.Format(nameof(Strings.Pulse_AnonymousNote), threshold) : t[nameof(Strings.Pulse_NamedNote)], subtle: true),
        };
        foreach (var q in run.Questions)
        {
            var label = q.Text(t.IsEnglish, run.ToolNameFor(t.IsEnglish)) + (q.Required ? "" : t[nameof(Strings.Pulse_Optional)]);
            var value = answers?.GetValueOrDefault(q.Id);
            body.Add(q.Kind == PulseQuestionKind.FreeText
                ? TextInput(InputId(q), label, value, multiline: true, maxLength: PulseQuestion.MaxAnswerLength,
                    required: q.Required, errorMessage: t[nameof(Strings.Pulse_AnswerRequired)])
                : ChoiceSet(InputId(q), label, q.Options.Select(c => (c.Text(t.IsEnglish), c.Value)), value,
                    required: q.Required, errorMessage: t[nameof(Strings.Pulse_AnswerRequired)], expanded: true));
        }
        return Create(body, [Execute(t[nameof(Strings.Pulse_Send)], AnswerVerb, ticket.Data, style: "positive")]);
    }

    public static string AnswerText(Texts t, PulseQuestion q, string value) =>
        q.Kind == PulseQuestionKind.FreeText ? value : q.Options.FirstOrDefault(c => c.Value == value)?.Text(t.IsEnglish) ?? value;

    public static JObject Thanks(Texts t, PulseRun run, IReadOnlyDictionary<string, string> answers, SurveyTicket ticket, TimeZoneInfo zone, bool changed) => Create(
        [
            Title(t[changed ? nameof(Strings.Pulse_ThanksChanged) : nameof(Strings.Pulse_Thanks)]),
            Text(KindTitle(t, run), subtle: true),
            .. run.Questions.Where(q => answers.ContainsKey(q.Id)).Select(q => (JToken?)Container(
            [
                Text(q.Text(t.IsEnglish, run.ToolNameFor(t.IsEnglish)), weight: "Bolder"),
                UserText(AnswerText(t, q, answers[q.Id])),
            ])),
            Text(t.Format(nameof(Strings.Pulse_CanChangeUntil), Formats.When(t, ticket.ClosesAt, zone)), subtle: true),
        ],
        [Execute(t[nameof(Strings.Pulse_ChangeAnswers)], EditVerb, ticket.Data, validateInputs: false)]);

    public static JObject Closed(Texts t, PulseRun? run) => Create(
    [
        Heading(t[nameof(Strings.Pulse_Closed)]),
        run is null ? null : Text(KindTitle(t, run), subtle: true),
    ]);

    public static JObject Problems(Texts t, IReadOnlyList<string> problems) => Create(NotSaved(t, problems));

    private static List<JToken?> NotSaved(Texts t, IReadOnlyList<string> problems) =>
        [Heading(t[nameof(Strings.Pulse_NotSaved)]), .. problems.Select(p => (JToken?)Text("• " + p, color: "Attention"))];

    /// <summary>What a staff member sees for <c>pulse</c>: the surveys they can still answer or change, then pause until a date, or resume.</summary>
    public static JObject Pause(Texts t, Person person, DateOnly today, IReadOnlyList<OpenSurvey>? open = null, TimeZoneInfo? zone = null) => PauseCard(t, person, today, open ?? [], zone ?? TimeZoneInfo.Utc);

    private static JObject PauseCard(Texts t, Person person, DateOnly today, IReadOnlyList<OpenSurvey> open, TimeZoneInfo zone) => Create(
        [
            Title(t[nameof(Strings.Pulse_OpenSurveysTitle)]),
            open.Count == 0 ? Text(t[nameof(Strings.Pulse_NoOpenSurveys)], subtle: true) : null,
            .. open.Select(s => (JToken?)Container(
            [
                Text(KindTitle(t, s.Run), weight: "Bolder"),
                Text(t.Format(nameof(Strings.Pulse_ClosesAt), Formats.When(t, s.Invitation.ClosesAt, zone))
                    + (s.Answered ? " · " + t[nameof(Strings.Pulse_OpenSurveyAnswered)] : ""), subtle: true),
                ActionSet(
                [
                    Submit(t[s.Answered ? nameof(Strings.Pulse_ChangeAnswers) : nameof(Strings.Pulse_OpenSurveyAnswer)], OpenSurveyVerb,
                        new { runId = s.Run.Id }, style: s.Answered ? null : "positive", validateInputs: false),
                ]),
            ], separator: true)),
            Container(
            [
                Heading(t[nameof(Strings.Pulse_PauseTitle)]),
                Text(person.PulsePausedUntil is { } until && until >= today
                    ? t.Format(nameof(Strings.Pulse_PausedUntil), Formats.Day(t, until))
                    : t[nameof(Strings.Pulse_NotPaused)]),
                DateInput("until", t[nameof(Strings.Pulse_PauseUntil)], person.PulsePausedUntil is { } u && u >= today ? u : null,
                    required: true, errorMessage: t[nameof(Strings.Pulse_PauseDateInvalid)]),
            ], separator: true),
        ],
        [
            Submit(t[nameof(Strings.Pulse_PauseButton)], PauseVerb),
            person.PulsePausedUntil is { } p && p >= today ? Submit(t[nameof(Strings.Pulse_ResumeButton)], ResumeVerb, validateInputs: false) : null,
        ]);

    /// <param name="Newcomers">People in the audience now who were not invited to the open <paramref name="LastRun"/>.</param>
    public sealed record PulseOverview(Initiative Initiative, PulseSettings Settings, IReadOnlyList<DateTimeOffset> NextRuns, PulseRun? LastRun, int Newcomers = 0);

    /// <summary>The promoter's view: each initiative's pulse, its next sends, and what can be done.</summary>
    public static JObject Admin(Texts t, IReadOnlyList<PulseOverview> pulses, TimeZoneInfo zone, DateTimeOffset now)
    {
        var body = new List<JToken?> { Title(t[nameof(Strings.Pulse_AdminTitle)]) };
        if (pulses.Count == 0)
        {
            body.Add(Text(t.Format(nameof(Strings.Pulse_NoInitiatives), t[nameof(Strings.Command_Initiatives)]), subtle: true));
        }
        foreach (var p in pulses)
        {
            var s = p.Settings;
            body.Add(Container(
            [
                Heading(p.Initiative.NameFor(t.IsEnglish)),
                Facts(
                [
                    (t[nameof(Strings.Pulse_Status)], t[s.Enabled ? nameof(Strings.Pulse_On) : nameof(Strings.Pulse_Off)]),
                    (t[nameof(Strings.Pulse_Schedule)], PulseSchedule.Describe(t, s)),
                    (t[nameof(Strings.Pulse_Window)], t.Format(nameof(Strings.Pulse_WindowValue), s.WindowDays)),
                    (t[nameof(Strings.Pulse_Audience)], t[s.AudienceAll ? nameof(Strings.Pulse_AudienceAll) : nameof(Strings.Pulse_AudienceInitiative)]),
                    (t[nameof(Strings.Pulse_Anonymity)], t[s.Anonymous ? nameof(Strings.Pulse_Anonymous) : nameof(Strings.Pulse_Named)]),
                    (t[nameof(Strings.Pulse_Reminders)], t.Format(nameof(Strings.Pulse_RemindersValue), s.ReminderCount, s.ReminderDelay.TotalDays)),
                    (t[nameof(Strings.Pulse_QuestionCount)], s.Questions.Count.ToString(t.Culture)),
                    (t[nameof(Strings.Pulse_NextRuns)], s.Enabled && p.NextRuns.Count > 0 ? string.Join(" / ", p.NextRuns.Select(r => Formats.When(t, r, zone))) : t[nameof(Strings.Pulse_NotSet)]),
                    (t[nameof(Strings.Pulse_LastRun)], p.LastRun is null ? t[nameof(Strings.Pulse_NotSet)] : $"{Formats.Day(t, p.LastRun.Date)} ({t[p.LastRun.IsOpen(now) ? nameof(Strings.Pulse_RunOpen) : nameof(Strings.Pulse_RunClosed)]})"),
                ]),
                ActionSet(
                [
                    Submit(t[nameof(Strings.Pulse_RunNow)], RunNowVerb, new { initiativeId = p.Initiative.Id }, validateInputs: false),
                    p.Newcomers > 0 && p.LastRun is { } open && open.IsOpen(now) ? NewcomersButton(t, p.Initiative, open, p.Newcomers) : null,
                    Submit(t[nameof(Strings.Pulse_EditSettings)], SettingsFormVerb, new { initiativeId = p.Initiative.Id }, validateInputs: false),
                    Submit(t[nameof(Strings.Pulse_EditQuestions)], QuestionsVerb, new { initiativeId = p.Initiative.Id }, validateInputs: false),
                ]),
            ], separator: true));
        }
        body.Add(Text(t.Format(nameof(Strings.Pulse_TimesIn), zone.Id), subtle: true));
        return Create(body);
    }

    public static JObject Settings(Texts t, Initiative initiative, PulseSettings s) => SettingsCard(t, initiative, s, PulseSchedule.Read(s));

    private static JObject SettingsCard(Texts t, Initiative initiative, PulseSettings s, PulseSchedule.Picked picked) => Create(
        [
            Title(t.Format(nameof(Strings.Pulse_SettingsTitle), initiative.NameFor(t.IsEnglish))),
            Toggle("enabled", t[nameof(Strings.Pulse_EnabledLabel)], s.Enabled),
            Text(t.Format(nameof(Strings.Pulse_ScheduleNow), PulseSchedule.Describe(t, s)), weight: "Bolder"),
            ChoiceSet("frequency", t[nameof(Strings.Pulse_FrequencyLabel)],
            [
                (t[nameof(Strings.Pulse_FrequencyWeekly)], "weekly"),
                (t[nameof(Strings.Pulse_FrequencyBiweekly)], "biweekly"),
                (t[nameof(Strings.Pulse_FrequencyMonthly)], "monthly"),
                (t[nameof(Strings.Pulse_FrequencyCustom)], "custom"),
            ], picked.Frequency.ToString().ToLowerInvariant(), expanded: true),
            ChoiceSet("weekday", t[nameof(Strings.Pulse_WeekdayLabel)],
                Enumerable.Range(1, 5).Select(d => (t.Culture.DateTimeFormat.GetDayName((DayOfWeek)d), d.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                ((int)picked.Weekday).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new JObject
            {
                ["type"] = "Input.Time",
                ["id"] = "time",
                ["label"] = t[nameof(Strings.Pulse_TimeLabel)],
                ["value"] = picked.Time.ToString(PulseSchedule.TimeFormat, System.Globalization.CultureInfo.InvariantCulture),
            },
            Text(t[nameof(Strings.Pulse_ZoneNote)], subtle: true),
            TextInput("cron", t[nameof(Strings.Pulse_CronLabel)], s.Cron, maxLength: 100),
            Text(t[nameof(Strings.Pulse_CronHint)], subtle: true),
            NumberInput("windowDays", t[nameof(Strings.Pulse_WindowLabel)], s.WindowDays, 1, 20, required: true, errorMessage: t[nameof(Strings.Pulse_WindowInvalid)]),
            ChoiceSet("audience", t[nameof(Strings.Pulse_Audience)],
                [(t[nameof(Strings.Pulse_AudienceInitiative)], "initiative"), (t[nameof(Strings.Pulse_AudienceAll)], "all")], s.AudienceAll ? "all" : "initiative", expanded: true),
            ChoiceSet("anonymity", t[nameof(Strings.Pulse_Anonymity)],
                [(t[nameof(Strings.Pulse_Anonymous)], "anonymous"), (t[nameof(Strings.Pulse_Named)], "named")], s.Anonymous ? "anonymous" : "named", expanded: true),
            NumberInput("reminderCount", t[nameof(Strings.Pulse_ReminderCountLabel)], s.ReminderCount, 0, 3, required: true, errorMessage: t[nameof(Strings.Pulse_ReminderInvalid)]),
            NumberInput("reminderDays", t[nameof(Strings.Pulse_ReminderDaysLabel)], (int)s.ReminderDelay.TotalDays, 1, 10, required: true, errorMessage: t[nameof(Strings.Pulse_ReminderInvalid)]),
        ],
        [Submit(t[nameof(Strings.Common_Save)], SaveSettingsVerb, new { initiativeId = initiative.Id, etag = s.ETag.ToString() }, style: "positive")]);

    public static JObject Questions(Texts t, Initiative initiative, PulseSettings s)
    {
        var body = new List<JToken?> { Title(t.Format(nameof(Strings.Pulse_QuestionsTitle), initiative.NameFor(t.IsEnglish))) };
        for (var i = 0; i < s.Questions.Count; i++)
        {
            var q = s.Questions[i];
            body.Add(Container(
            [
                Text($"{i + 1}. {q.Text(t.IsEnglish, initiative.NameFor(t.IsEnglish))}", weight: "Bolder"),
                Text(KindName(t, q.Kind) + (q.Required ? "" : t[nameof(Strings.Pulse_Optional)])
                    + (q.Kind == PulseQuestionKind.SingleChoice ? "： " + string.Join(" / ", q.Choices.Select(c => c.Text(t.IsEnglish))) : ""), subtle: true),
                ActionSet(
                [
                    i > 0 ? Submit("↑", MoveQuestionVerb, new { initiativeId = initiative.Id, questionId = q.Id, direction = "up", etag = s.ETag.ToString() }, validateInputs: false) : null,
                    i < s.Questions.Count - 1 ? Submit("↓", MoveQuestionVerb, new { initiativeId = initiative.Id, questionId = q.Id, direction = "down", etag = s.ETag.ToString() }, validateInputs: false) : null,
                    Submit(t[nameof(Strings.Pulse_RemoveQuestion)], RemoveQuestionVerb, new { initiativeId = initiative.Id, questionId = q.Id, etag = s.ETag.ToString() }, validateInputs: false),
                ]),
            ], separator: true));
        }
        body.Add(Container(
        [
            Heading(t[nameof(Strings.Pulse_AddQuestion)]),
            ChoiceSet("kind", t[nameof(Strings.Pulse_QuestionKind)],
                Enum.GetValues<PulseQuestionKind>().Select(k => (KindName(t, k), k.ToString())), nameof(PulseQuestionKind.SingleChoice)),
            TextInput("textJa", t[nameof(Strings.Pulse_QuestionTextJa)], maxLength: PulseQuestion.MaxTextLength),
            TextInput("textEn", t[nameof(Strings.Pulse_QuestionTextEn)], maxLength: PulseQuestion.MaxTextLength),
            TextInput("choices", t[nameof(Strings.Pulse_QuestionChoices)], multiline: true, maxLength: 1000, placeholder: t[nameof(Strings.Pulse_QuestionChoicesHint)]),
            Toggle("required", t[nameof(Strings.Pulse_QuestionRequired)], false),
        ], separator: true));
        return Create(body,
        [
            Submit(t[nameof(Strings.Pulse_AddQuestion)], AddQuestionVerb, new { initiativeId = initiative.Id, etag = s.ETag.ToString() }, style: "positive"),
            Submit(t[nameof(Strings.Pulse_ResetQuestions)], ResetQuestionsVerb, new { initiativeId = initiative.Id, etag = s.ETag.ToString() }, validateInputs: false),
        ]);
    }

    public static string KindName(Texts t, PulseQuestionKind kind) => kind switch
    {
        PulseQuestionKind.SingleChoice => t[nameof(Strings.Pulse_KindSingleChoice)],
        PulseQuestionKind.Scale => t[nameof(Strings.Pulse_KindScale)],
        PulseQuestionKind.YesNo => t[nameof(Strings.Pulse_KindYesNo)],
        _ => t[nameof(Strings.Pulse_KindFreeText)],
    };

    private static JObject NewcomersButton(Texts t, Initiative initiative, PulseRun open, int newcomers) =>
        Submit(t.Format(nameof(Strings.Pulse_SendToNewcomers), newcomers), SendToNewcomersVerb, new { initiativeId = initiative.Id, runId = open.Id }, validateInputs: false);

    /// <summary>
    /// Answers "run now" while a survey of the initiative is still open: no second one goes out (surveys would
    /// pile up); people added since it started can be sent this one.
    /// </summary>
    public static JObject ConfirmRunNow(Texts t, Initiative initiative, PulseRun open, TimeZoneInfo zone, int newcomers = 0) => Create(
        [
            Heading(t.Format(nameof(Strings.Pulse_RunNowOpenTitle), initiative.NameFor(t.IsEnglish))),
            Text(t.Format(nameof(Strings.Pulse_RunNowOpenDetail), Formats.When(t, open.CreatedAt, zone), Formats.When(t, open.ClosesAt, zone), open.Invited.Values.Sum())),
            newcomers > 0 ? Text(t.Format(nameof(Strings.Pulse_NewcomersNote), newcomers)) : null,
        ],
        [newcomers > 0 ? NewcomersButton(t, initiative, open, newcomers) : null]);

    /// <summary>Asked before "run now" in a week whose scheduled pulse is still to come: send instead of it, or wait for it.</summary>
    public static JObject ConfirmReplace(Texts t, Initiative initiative, DateTimeOffset scheduledAt, TimeZoneInfo zone) => Create(
        [
            Heading(t.Format(nameof(Strings.Pulse_ReplaceTitle), initiative.NameFor(t.IsEnglish), Formats.When(t, scheduledAt, zone))),
            Text(t[nameof(Strings.Pulse_ReplaceDetail)]),
        ],
        [
            Submit(t[nameof(Strings.Pulse_ReplaceButton)], RunNowVerb, new { initiativeId = initiative.Id, mode = "replace" }, style: "positive", validateInputs: false),
            Submit(t[nameof(Strings.Pulse_WaitButton)], RunNowVerb, new { initiativeId = initiative.Id, mode = "wait" }, validateInputs: false),
        ]);

    /// <summary>"Going to N people (M without a department left out)", with who is left out by name and what fixes it.</summary>
    public static JObject RunStarted(Texts t, PulseRun run, int invited, TimeZoneInfo zone, AudienceReach? reach = null, bool canSetDepartments = false) => Create(
    [
        Heading(t.Format(nameof(Strings.Pulse_RunStarted), run.ToolNameFor(t.IsEnglish))),
        Text(t.Format(nameof(Strings.Pulse_RunStartedDetail), invited, Formats.When(t, run.ClosesAt, zone), ReachCards.LeftOutClause(t, reach))),
        .. ReachCards.Details(t, reach, canSetDepartments),
    ]);
}
