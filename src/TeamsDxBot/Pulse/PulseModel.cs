namespace TeamsDxBot.Pulse;

public enum PulseQuestionKind
{
    SingleChoice,
    Scale,
    YesNo,
    FreeText,
}

public sealed record PulseChoice(string Value, string Ja, string En)
{
    public string Text(bool english) => english && En.Length > 0 ? En : Ja;
}

public enum PulseRunKind
{
    Pulse,
    Review,
}
