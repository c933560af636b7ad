namespace TeamsDxBot.Questions;

/// <summary>
/// The buttons one row of the <c>questions</c> list shows its reader: the same presses as the question's own
/// cards (which scroll away in Teams), offered only to someone the handlers would let through.
/// </summary>
[Flags]
public enum QuestionRowActions
{
    None = 0,
    /// <summary>Sends the question's own card again, with everything this reader may do on it.</summary>
    Open = 1,
    Claim = 2,
    Answer = 4,
    /// <summary>The asker's 解決した / まだ困っている on an answered question.</summary>
    Resolve = 8,
}
