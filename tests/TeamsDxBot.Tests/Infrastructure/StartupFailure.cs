using Microsoft.Extensions.Options;
using Xunit.Sdk;

namespace TeamsDxBot.Tests.Infrastructure;

/// <summary>
/// Starts a host that must refuse to start, and returns the settings error it refused with.
/// </summary>
/// <remarks>
/// WebApplicationFactory races the app's own start: when Program's host fails to start, <c>app.Run()</c>
/// disposes it, and the factory may read a service from the disposed container first. It then throws
/// ObjectDisposedException instead of the start failure (seen in CI and in full local runs). A repeated
/// start shows the real failure; anything else, or a host that starts, fails the test.
/// </remarks>
public static class StartupFailure
{
    private const int Attempts = 5;

    public static async Task<OptionsValidationException> ValidationAsync(Func<Task> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            Exception thrown;
            try
            {
                await start();
                throw new XunitException("The host started; it should have refused to.");
            }
            catch (Exception e) when (e is not XunitException)
            {
                thrown = e;
            }
            var chain = Walk(thrown).ToList();
            if (chain.OfType<OptionsValidationException>().FirstOrDefault() is { } validation)
            {
                return validation;
            }
            if (attempt < Attempts && chain.Any(e => e is ObjectDisposedException))
            {
                continue;
            }
            throw new XunitException($"Expected a settings validation error, got: {string.Join(" <- ", chain.Select(e => $"{e.GetType().Name}: {e.Message}"))}");
        }
    }

    public static Task<OptionsValidationException> ValidationAsync(Func<Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>> create) =>
        ValidationAsync(() =>
        {
            using var factory = create();
            factory.CreateClient().Dispose();
            return Task.CompletedTask;
        });

    /// <summary>The host may wrap the failure (AggregateException with several inner exceptions): the whole tree.</summary>
    private static IEnumerable<Exception> Walk(Exception root)
    {
        var pending = new Stack<Exception>([root]);
        while (pending.TryPop(out var e))
        {
            yield return e;
            foreach (var inner in e is AggregateException many ? many.InnerExceptions : e.InnerException is { } one ? [one] : [])
            {
                pending.Push(inner);
            }
        }
    }
}
