using System.ComponentModel.DataAnnotations;

namespace TeamsDxBot.Diagnosis;

/// <summary>What the programme diagnosis and the recognition look at (section <c>Diagnosis</c>).</summary>
public sealed class DiagnosisOptions
{
    public const string Section = "Diagnosis";

    /// <summary>Questions asked in this many days count (who they landed on, who answered, how fast).</summary>
    [Range(7, 180)]
    public int WindowDays { get; set; } = 28;

    /// <summary>A department's rise (usage rate, 0–1) must be at least this for its key users to be thanked for it.</summary>
    [Range(0.01, 1.0)]
    public double RecognitionMinRise { get; set; } = 0.05;

    /// <summary>A key user must have first-answered at least this many questions in the window to be thanked for speed.</summary>
    [Range(1, 100)]
    public int RecognitionMinAnswered { get; set; } = 2;

    /// <summary>At most this many thank-yous are proposed on one card.</summary>
    [Range(1, 10)]
    public int RecognitionMaxProposals { get; set; } = 3;
}
