using TeamsDxBot.Localization;

namespace TeamsDxBot.Turns;

/// <summary>The language the bot speaks to a person outside a turn (proactive messages).</summary>
public static class PersonTexts
{
    public static Texts For(Person p) => Texts.For(Languages.Resolve(p.PreferredLanguage, p.Locale));
}
