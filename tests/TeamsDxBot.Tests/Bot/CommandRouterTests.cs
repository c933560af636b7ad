using Microsoft.Extensions.DependencyInjection;
using TeamsDxBot.Bot;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Bot;

public sealed class CommandRouterTests : IAsyncLifetime
{
    private BotTestHost host = null!;

    public async Task InitializeAsync() => host = await BotTestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("help", "help", "")]
    [InlineData("ヘルプ", "help", "")]
    [InlineData("HELP", "help", "")]
    [InlineData("／ｈｅｌｐ", "help", "")]
    [InlineData("言語　英語", "language", "英語")]
    [InlineData("language en", "language", "en")]
    [InlineData("  プロフィール ", "profile", "")]
    [InlineData("部署", "departments", "")]
    [InlineData("役割", "roles", "")]
    [InlineData("インポート", "import", "")]
    [InlineData("施策", "initiatives", "")]
    public void Japanese_and_English_words_reach_the_same_command(string text, string expected, string arguments)
    {
        var (command, args) = host.Services.GetRequiredService<CommandRouter>().Match(text);
        Assert.Equal(expected, command?.Name);
        Assert.Equal(arguments, args);
    }

    [Theory]
    [InlineData("")]
    [InlineData("経費精算の使い方を教えて")]
    [InlineData("helpme")]
    public void Other_text_is_not_a_command(string text) =>
        Assert.Null(host.Services.GetRequiredService<CommandRouter>().Match(text).Command);

    [Fact]
    public void Every_command_word_is_unique()
    {
        var words = host.Services.GetRequiredService<CommandRouter>().Commands.SelectMany(c => c.Aliases.Distinct(StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.Equal(words.Count, words.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
