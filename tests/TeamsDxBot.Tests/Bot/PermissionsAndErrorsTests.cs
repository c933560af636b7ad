using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Bot;

public sealed class PermissionsAndErrorsTests : IAsyncLifetime
{
    private BotTestHost host = null!;

    private sealed class ExplodingAction : ICardAction
    {
        public string Verb => "test.explode";
        public Role RequiredRole => Role.Staff;
        public Task RunAsync(TurnRequest request, JObject data, CancellationToken ct) =>
            throw new InvalidOperationException("secret internal detail");
    }

    public async Task InitializeAsync() =>
        host = await BotTestHost.StartAsync(services => services.AddSingleton<ICardAction, ExplodingAction>());

    public async Task DisposeAsync() => await host.DisposeAsync();

    private sealed class SecondCancelAction : ICardAction
    {
        public string Verb => TeamsDxBot.Broadcasts.BroadcastCards.CancelVerb;
        public Role RequiredRole => Role.Staff;
        public Task RunAsync(TurnRequest request, JObject data, CancellationToken ct) => Task.CompletedTask;
    }

    [Fact]
    public async Task Two_handlers_naming_one_card_verb_stop_the_start_and_name_the_verb()
    {
        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(async () =>
        {
            await using var clash = await BotTestHost.StartAsync(services => services.AddSingleton<ICardAction, SecondCancelAction>());
        });
        Assert.Contains(TeamsDxBot.Broadcasts.BroadcastCards.CancelVerb, refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_cannot_open_the_promoter_commands()
    {
        await host.SayAsync(BotTestHost.Staff, "roles");
        Assert.Contains("権限がありません", host.SentTo(BotTestHost.Staff).Last().AllText);
        await host.SayAsync(BotTestHost.Staff, "インポート");
        Assert.Contains("権限がありません", host.SentTo(BotTestHost.Staff).Last().AllText);
    }

    [Fact]
    public async Task Staff_submitting_a_forged_role_card_changes_nothing()
    {
        await host.SayAsync(BotTestHost.Staff, "help");
        await host.SubmitAsync(BotTestHost.Staff, new { verb = DirectoryCards.GrantRoleVerb, person = BotTestHost.Staff.AadObjectId, role = "Promoter" });

        var person = await host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, BotTestHost.Staff.AadObjectId, CancellationToken.None);
        Assert.False(person!.IsPromoter);
        Assert.Contains("権限がありません", host.SentTo(BotTestHost.Staff).Last().AllText);
    }

    [Fact]
    public async Task Staff_cannot_create_departments_even_with_a_crafted_submit()
    {
        await host.SubmitAsync(BotTestHost.Staff, new { verb = DirectoryCards.AddDepartmentVerb, name = "乗っ取り部" });
        Assert.Empty(await host.Get<DepartmentRepository>().ListAsync(BotTestHost.TenantId, CancellationToken.None));
    }

    [Fact]
    public async Task A_failing_turn_apologises_in_the_persons_language_without_details()
    {
        await host.SayAsync(BotTestHost.EnglishStaff, "help");
        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = "test.explode" });

        var apology = host.SentTo(BotTestHost.EnglishStaff).Last().AllText;
        Assert.Contains("Sorry, something went wrong", apology);
        Assert.DoesNotContain("secret", apology);
        Assert.DoesNotContain("Exception", apology);
    }

    [Fact]
    public async Task A_failing_button_press_keeps_the_card_and_says_sorry_on_it()
    {
        await host.SayAsync(BotTestHost.Staff, "help");

        var answer = await host.ExecuteAsync(BotTestHost.Staff, new { verb = "test.explode" });

        // An error answer (not a card): Teams leaves the pressed card in place, so the press can be repeated.
        Assert.Equal(200, answer.Status);
        Assert.Equal("application/vnd.microsoft.error", answer.Type);
        var message = answer.Card?["message"]?.GetValue<string>() ?? "";
        Assert.Contains("申し訳ありません", message);
        Assert.DoesNotContain("secret", message);
        Assert.Contains("申し訳ありません", host.SentTo(BotTestHost.Staff).Last().AllText);
    }

    [Fact]
    public async Task An_unknown_card_verb_is_reported_as_outdated()
    {
        await host.SubmitAsync(BotTestHost.Staff, new { verb = "nothing.here" });
        Assert.Contains("古くなっています", host.SentTo(BotTestHost.Staff).Last().AllText);
    }
}
