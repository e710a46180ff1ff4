namespace Ledger.Domain.Capture;

/// <summary>The head movement a live capture must show. Stored by name.</summary>
public enum HeadMovement
{
    TurnLeft,
    TurnRight,
    LookUp,
}

/// <summary>The movements a capture challenge draws from.</summary>
public static class HeadMovements
{
    /// <summary>
    /// Only the turns: their bona fide and attack error rates are measured (docs/PAD.md). Looking up stays readable in
    /// stored challenges and statements, but is not asked for until it is measured: the shared faces hold no photos of
    /// anyone looking up, so a threshold for it could only be guessed.
    /// </summary>
    public static readonly IReadOnlyList<HeadMovement> Asked = [HeadMovement.TurnLeft, HeadMovement.TurnRight];
}
