namespace Ledger.Verifier;

/// <summary>
/// The export file: JSON Lines, in this order: one <c>header</c> (selection, public key, algorithms),
/// one <c>prefix</c> (the Merkle frontier and last chain hash before the first exported position),
/// every <c>rotation</c> of the signing key (a hand-over signed by both keys), every <c>revocation</c> of a key declared
/// compromised (signed by a key that took over from it), the <c>checkpoint</c>s it can be checked against,
/// a <c>consistency</c> proof from the covering checkpoint to the newest one when they differ, then one line per chain position up to the
/// covering checkpoint: <c>event</c> (a selected event in full, <c>record</c> being exactly the text
/// that is hashed), <c>link</c> (an unselected event's chain hash only), <c>gap</c> (a run of unselected events as the
/// roots of the aligned Merkle subtrees they form), or <c>missing</c> /
/// <c>unchained</c> when the exporter found the log damaged. docs/AUDIT.md describes every field.
/// </summary>
public static class ExportFormat
{
    /// <summary>
    /// Version 3 signs its header (<see cref="Domain.Audit.ExportStatement"/>) and knows no unsigned field. Versions 1
    /// and 2 are refused as too old: nothing in them proves the selection complete or the file uncut.
    /// </summary>
    public const string Name = "ledger-audit-export/3";

    public static readonly IReadOnlySet<string> TooOld = new HashSet<string> { "ledger-audit-export/1", "ledger-audit-export/2" };
    public const string Header = "header";
    public const string Prefix = "prefix";
    public const string Rotation = "rotation";
    public const string Revocation = "revocation";
    public const string Checkpoint = "checkpoint";
    public const string Consistency = "consistency";
    public const string Event = "event";
    public const string Link = "link";
    public const string Gap = "gap";
    public const string Missing = "missing";
    public const string Unchained = "unchained";
}
