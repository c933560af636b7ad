using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Infra;

/// <summary>The Bicep CLI from the NuGet package the test project downloads (Linux x64 only).</summary>
public static class Bicep
{
    public static string Path { get; } = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;

    public static string Template => System.IO.Path.Combine(RepoPaths.Root, "infra", "main.bicep");

    public static string Parameters => System.IO.Path.Combine(RepoPaths.Root, "infra", "main.bicepparam");

    public static bool Available => RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.OSArchitecture == Architecture.X64;

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        // No telemetry, and no look-ups of newer versions: the CLI stays on this machine.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>The template compiled to ARM JSON.</summary>
    public static async Task<JsonObject> CompileAsync()
    {
        var (code, output, errors) = await RunAsync(null, "build", Template, "--stdout");
        Assert.True(code == 0, errors);
        return JsonNode.Parse(output)!.AsObject();
    }
}

/// <summary>A fact that needs the Linux x64 Bicep CLI; skipped elsewhere (the rest of the suite runs on any OS).</summary>
public sealed class BicepFactAttribute : FactAttribute
{
    public BicepFactAttribute()
    {
        if (!Bicep.Available)
        {
            Skip = "The Bicep CLI package used here is for Linux x64.";
        }
    }
}
