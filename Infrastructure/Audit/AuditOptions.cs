namespace Ledger.Infrastructure.Audit;

/// <summary>Settings of the audit trail (configuration section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>Run the chain writer and checkpointer in the service (off for CLI-only processes).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A checkpoint once this many events were chained since the last one.</summary>
    public int CheckpointEveryEvents { get; set; } = 1_000;

    /// <summary>A checkpoint at least this often while new events arrive, however few.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Events read and chained per transaction.</summary>
    public int BatchSize { get; set; } = 2_000;

    /// <summary>Pause between passes when there is nothing to chain.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a hole in the sequence must stay open (after every transaction that could still fill it
    /// has ended) before the chain passes it as a rolled-back append. Covers the instant between
    /// <c>nextval</c> and the row insert, when the appending transaction has no transaction id yet.
    /// </summary>
    public TimeSpan GapGrace { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The log's name, signed into every checkpoint (and its C2SP note's origin line): this ledger and its environment,
    /// e.g. <c>ledger.example.com/production</c>. Set once at install and never changed; two ledgers must not share
    /// one. Printable ASCII without spaces or '+'. Unset: <see cref="DevelopmentOrigin"/>, which only a
    /// development machine should sign with (the service warns outside Development).
    /// </summary>
    public string? LogOrigin { get; set; }

    public const string DevelopmentOrigin = "ledger.local/development";

    /// <summary>The origin checkpoints are signed with.</summary>
    public string Origin => LogOrigin is { Length: > 0 } origin ? origin : DevelopmentOrigin;

    /// <summary>Ed25519 private key (32-byte seed) in base64; wins over <see cref="SigningKeyPath"/>.</summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// Directory of the append-only witness file (<c>checkpoints.jsonl</c>): every signed checkpoint, outside the
    /// database, for a second machine to collect. Unset: no file witness (the bus still gets each checkpoint).
    /// </summary>
    public string? WitnessDirectory { get; set; }

    /// <summary>File with the base64 seed; created with a fresh key (mode 600) when missing, if <see cref="CreateKeyWhenMissing"/>.</summary>
    public string SigningKeyPath { get; set; } = ".data/audit-key";

    /// <summary>
    /// Whether a missing key file is made with a fresh key. The service outside Development turns it off: a key minted
    /// where nobody keeps it (a container's own files) would be lost with the container, and the history signed with it
    /// could not be continued.
    /// </summary>
    public bool CreateKeyWhenMissing { get; set; } = true;
}
