using Azure;
using Cronos;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Pulse;

/// <summary>Changes to a pulse's settings and questions, each guarded by the ETag the promoter's card was built from.</summary>
public sealed class PulseAdmin(PulseScheduler scheduler, PulseSettingsRepository settings, Directory.PersonZones zones, TimeProvider time)
{
    private async Task<PulseEdit> ChangeAsync(Initiative initiative, string? etag, Func<PulseSettings, PulseEdit> change, CancellationToken ct)
    {
        var current = await scheduler.SettingsAsync(initiative, ct);
        if ((etag ?? "") != current.ETag.ToString())
        {
            return new PulseEdit(PulseEditResult.Stale, current, []);
        }
        var edit = change(current);
        if (edit.Result != PulseEditResult.Saved)
        {
            return edit;
        }
        try
        {
            return edit with { Settings = await settings.SaveAsync(edit.Settings, ct) };
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsConflict())
        {
            return new PulseEdit(PulseEditResult.Stale, await scheduler.SettingsAsync(initiative, ct), []);
        }
    }

    public Task<PulseEdit> SaveSettingsAsync(Initiative initiative, string? etag, PulseSettingsForm form, CancellationToken ct) =>
        ChangeAsync(initiative, etag, s =>
        {
            var problems = new List<(string, object[])>();
            var (frequency, cron) = PulseSchedule.FromForm(form.Frequency ?? nameof(PulseFrequency.Custom), form.Weekday, form.Time, form.Cron, problems);
            if (problems.Count == 0)
            {
                CheckSendsInHours(frequency, cron, problems);
            }
            var window = Int(form.WindowDays, 1, 20);
            if (window is null)
            {
                problems.Add((nameof(Strings.Pulse_WindowInvalid), []));
            }
            var count = Int(form.ReminderCount, 0, 3);
            var days = Int(form.ReminderDays, 1, 10);
            if (count is null || days is null)
            {
                problems.Add((nameof(Strings.Pulse_ReminderInvalid), []));
            }
            if (form.Audience is not ("all" or "initiative") || form.Anonymity is not ("anonymous" or "named"))
            {
                problems.Add((nameof(Strings.Error_CardOutdated), []));
            }
            if (problems.Count > 0)
            {
                return new PulseEdit(PulseEditResult.Invalid, s, problems);
            }
            var enabled = form.Enabled != "false";
            return new PulseEdit(PulseEditResult.Saved, s with
            {
                Enabled = enabled,
                // Switching a pulse on sends from the next occurrence, not the ones it missed while off.
                StartedAt = enabled && !s.Enabled ? time.GetUtcNow() : s.StartedAt,
                Cron = cron,
                Frequency = frequency,
                // 隔週 counts from the week it was chosen in (kept while it stays 隔週 on the same weekday and time).
                AnchorWeek = frequency == PulseFrequency.Biweekly && (s.Frequency != PulseFrequency.Biweekly || s.Cron != cron)
                    ? DateOnly.FromDateTime(Calendar.WallClock.ToLocal(time.GetUtcNow(), zones.Company))
                    : s.AnchorWeek,
                WindowDays = window!.Value,
                AudienceAll = form.Audience == "all",
                Anonymous = form.Anonymity == "anonymous",
                ReminderCount = count!.Value,
                ReminderDelay = TimeSpan.FromDays(days!.Value),
            }, []);
        }, ct);

    /// <summary>
    /// A schedule that would send outside business hours (a survey at night), or a cron that never falls on
    /// a business day (weekends and holidays are skipped), is refused with what to change.
    /// </summary>
    private void CheckSendsInHours(PulseFrequency frequency, string cron, List<(string, object[])> problems)
    {
        var hours = zones.Hours(zones.Company);
        var from = time.GetUtcNow();
        var next = CronExpression.Parse(cron).GetOccurrences(from, from.AddDays(62), zones.Company, true, false)
            .Where(o => hours.IsWorkingDay(DateOnly.FromDateTime(o.DateTime)))
            .Take(20)
            .ToList();
        if (next.Count == 0)
        {
            problems.Add((nameof(Strings.Pulse_CronNeverSends), []));
        }
        else if (next.Any(o => TimeOnly.FromDateTime(o.DateTime) is var clock && (clock < hours.Open || clock >= hours.Close)))
        {
            problems.Add((frequency == PulseFrequency.Custom ? nameof(Strings.Pulse_CronOutsideHours) : nameof(Strings.Pulse_TimeOutsideHours),
                [hours.Open.ToString(PulseSchedule.TimeFormat, System.Globalization.CultureInfo.InvariantCulture), hours.Close.ToString(PulseSchedule.TimeFormat, System.Globalization.CultureInfo.InvariantCulture)]));
        }
    }

    public Task<PulseEdit> MoveAsync(Initiative initiative, string? etag, string? questionId, bool up, CancellationToken ct) =>
        ChangeAsync(initiative, etag, s =>
        {
            var list = s.Questions.ToList();
            var index = list.FindIndex(q => q.Id == questionId);
            var target = up ? index - 1 : index + 1;
            if (index < 0 || target < 0 || target >= list.Count)
            {
                return PulseEdit.Problem(s, nameof(Strings.Error_CardOutdated));
            }
            (list[index], list[target]) = (list[target], list[index]);
            return new PulseEdit(PulseEditResult.Saved, s with { Questions = list }, []);
        }, ct);

    public Task<PulseEdit> RemoveAsync(Initiative initiative, string? etag, string? questionId, CancellationToken ct) =>
        ChangeAsync(initiative, etag, s =>
        {
            if (!s.Questions.Any(q => q.Id == questionId))
            {
                return PulseEdit.Problem(s, nameof(Strings.Error_CardOutdated));
            }
            return s.Questions.Count == 1
                ? PulseEdit.Problem(s, nameof(Strings.Pulse_LastQuestion))
                : new PulseEdit(PulseEditResult.Saved, s with { Questions = s.Questions.Where(q => q.Id != questionId).ToList() }, []);
        }, ct);

    public Task<PulseEdit> ResetAsync(Initiative initiative, string? etag, CancellationToken ct) =>
        ChangeAsync(initiative, etag, s => new PulseEdit(PulseEditResult.Saved, s with { Questions = PulseDefaults.Questions }, []), ct);

    public Task<PulseEdit> AddAsync(Initiative initiative, string? etag, PulseQuestionForm form, CancellationToken ct) =>
        ChangeAsync(initiative, etag, s =>
        {
            var problems = new List<(string, object[])>();
            if (!Enum.TryParse<PulseQuestionKind>(form.Kind, out var kind) || !Enum.IsDefined(kind))
            {
                problems.Add((nameof(Strings.Pulse_QuestionKindInvalid), []));
            }
            var ja = form.TextJa?.Trim() ?? "";
            var en = form.TextEn?.Trim() ?? "";
            if (ja.Length == 0 && en.Length == 0)
            {
                problems.Add((nameof(Strings.Pulse_QuestionTextRequired), []));
            }
            if (ja.Length > PulseQuestion.MaxTextLength || en.Length > PulseQuestion.MaxTextLength)
            {
                problems.Add((nameof(Strings.Pulse_QuestionTextTooLong), [PulseQuestion.MaxTextLength]));
            }
            var choices = new List<PulseChoice>();
            if (kind == PulseQuestionKind.SingleChoice)
            {
                var lines = (form.Choices ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (lines.Length is < 2 or > PulseQuestion.MaxChoices || lines.Distinct(StringComparer.OrdinalIgnoreCase).Count() != lines.Length || lines.Any(l => l.Length > 50))
                {
                    problems.Add((nameof(Strings.Pulse_QuestionChoicesInvalid), [PulseQuestion.MaxChoices]));
                }
                // "日本語 / English" gives both languages; one text serves both.
                choices = lines.Select((line, i) =>
                {
                    var parts = line.Split(" / ", 2, StringSplitOptions.TrimEntries);
                    return new PulseChoice($"o{i + 1}", parts[0], parts.Length > 1 ? parts[1] : parts[0]);
                }).ToList();
            }
            if (s.Questions.Count >= PulseSettings.MaxQuestions)
            {
                problems.Add((nameof(Strings.Pulse_TooManyQuestions), [PulseSettings.MaxQuestions]));
            }
            if (problems.Count > 0)
            {
                return new PulseEdit(PulseEditResult.Invalid, s, problems);
            }
            var question = new PulseQuestion("c" + Guid.NewGuid().ToString("N")[..8], kind, ja.Length > 0 ? ja : en, en.Length > 0 ? en : ja, choices, form.Required == "true");
            return new PulseEdit(PulseEditResult.Saved, s with { Questions = [.. s.Questions, question] }, []);
        }, ct);

    private static int? Int(string? text, int min, int max) =>
        int.TryParse(text?.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? v : null;
}
