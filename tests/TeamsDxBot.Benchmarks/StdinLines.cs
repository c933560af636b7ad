using System.Threading.Channels;

namespace TeamsDxBot.Benchmarks;

/// <summary>
/// The lines of standard input, read on a thread of their own. <c>Console.In.ReadLineAsync</c> is not
/// asynchronous: it blocks the thread-pool thread that calls it until a line arrives. A child process that
/// waits on stdin for a whole run would hold one of a 2-core machine's two pool threads, and the pool then
/// answers bursts of work late (it adds a thread only after about half a second without progress).
/// </summary>
internal sealed class StdinLines
{
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private StdinLines()
    {
    }

    public static StdinLines Start()
    {
        var stdin = new StdinLines();
        var thread = new Thread(() =>
        {
            try
            {
                while (Console.In.ReadLine() is { } line)
                {
                    stdin.lines.Writer.TryWrite(line);
                }
            }
            finally
            {
                stdin.lines.Writer.TryComplete();
            }
        })
        {
            IsBackground = true,
            Name = "stdin",
        };
        thread.Start();
        return stdin;
    }

    /// <summary>The next line, or null once stdin is closed.</summary>
    public async Task<string?> ReadLineAsync() =>
        await lines.Reader.WaitToReadAsync() && lines.Reader.TryRead(out var line) ? line : null;

    /// <summary>Completes when stdin is closed (the parent's way of saying stop).</summary>
    public Task Closed => lines.Reader.Completion;
}
