using TeamsDxBot.Directory;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Onboarding;

/// <summary>The promoter's start-here path: the 「はじめに」 checklist on first contact, with help and on its own command.</summary>
public static class OnboardingExtensions
{
    public static IHostApplicationBuilder AddOnboarding(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StartChecklist>();
        // Replaces Directory's default, which shows nothing.
        builder.Services.AddSingleton<IStartChecklist>(sp => sp.GetRequiredService<StartChecklist>());
        builder.Services.AddSingleton<IChatCommand, StartCommand>();
        return builder;
    }
}
