using Microsoft.Extensions.Options;

namespace TeamsDxBot.Hosting;

/// <summary>
/// Runs every settings validation registered with ValidateOnStart before the host starts anything, so an
/// operator sees every missing or wrong setting at once, in one log line, instead of a stack trace naming
/// only the first one.
/// </summary>
public static class SettingsCheck
{
    /// <summary>The process exit code when settings are missing or invalid.</summary>
    public const int InvalidSettingsExitCode = 1;

    /// <summary>
    /// Returns when every validated settings section is valid. Otherwise logs all failures in one line and
    /// rethrows the validation error: a process then ends with <see cref="InvalidSettingsExitCode"/> and no
    /// stack trace, while a host run inside tests (WebApplicationFactory, which catches what the entry point
    /// throws) sees which settings failed.
    /// </summary>
    public static void EnsureSettingsAreValid(this WebApplication app)
    {
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception e) when (Validations(e).Any())
        {
            var failures = Failures(e);
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SettingsCheck).FullName!)
                .LogCritical("The bot cannot start until these settings are fixed ({FailureCount}): {Failures}", failures.Count, string.Join(" | ", failures));
            AppDomain.CurrentDomain.UnhandledException += (_, args) =>
            {
                if (ReferenceEquals(args.ExceptionObject, e))
                {
                    // Disposing flushes the log line above before the process ends.
                    ((IDisposable)app).Dispose();
                    Environment.Exit(InvalidSettingsExitCode);
                }
            };
            throw;
        }
    }

    /// <summary>Every failure message of every failed section, each on one line.</summary>
    public static IReadOnlyList<string> Failures(Exception e) =>
        Validations(e)
            .SelectMany(v => v.Failures)
            .Select(f => string.Join(' ', f.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .Distinct()
            .ToList();

    private static IEnumerable<OptionsValidationException> Validations(Exception e) => e switch
    {
        OptionsValidationException validation => [validation],
        AggregateException many => many.InnerExceptions.SelectMany(Validations),
        _ => [],
    };
}
