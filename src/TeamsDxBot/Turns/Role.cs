namespace TeamsDxBot.Turns;

/// <summary>What a person may do; staff is everyone, the others are granted on the roster card.</summary>
public enum Role
{
    Staff,
    KeyUser,
    Promoter,
    Executive,
}
