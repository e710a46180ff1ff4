using System.Text;
using Ledger.Verifier;

namespace Ledger.Infrastructure.Audit.Witness;

/// <summary>
/// An append-only file of witnessed checkpoints, <c>checkpoints.jsonl</c> in <see cref="AuditOptions.WitnessDirectory"/>:
/// one line per checkpoint, only ever appended (and flushed to disk), so a second machine can collect it with
/// <c>rsync --append</c> or <c>tail -F</c> over ssh, and an auditor can keep any line as a <c>--witness</c>. It also
/// remembers, outside the database, that checkpoints were signed at all (<see cref="AuditChainWriter"/>).
/// </summary>
public sealed class FileCheckpointWitness(AuditOptions options) : ICheckpointWitness
{
    public const string FileName = "checkpoints.jsonl";
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private long? _lastSize;

    public string Name => $"file {Path}";
    public bool Enabled => options.WitnessDirectory is not null;
    public string Path { get; } = System.IO.Path.Combine(options.WitnessDirectory ?? "", FileName);

    public async Task WitnessAsync(WitnessedCheckpoint checkpoint, CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            if (checkpoint.Statement.Size <= LastSize()) return;
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            await using (var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                await file.WriteAsync(Encoding.UTF8.GetBytes(checkpoint.ToJsonLine() + "\n"), ct);
                file.Flush(flushToDisk: true);
            }
            _lastSize = checkpoint.Statement.Size;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>The size of the last checkpoint in the file; 0 when none was ever witnessed here.</summary>
    public long LastSize()
    {
        if (_lastSize is { } known) return known;
        if (!Enabled) return 0;
        var last = File.Exists(Path) ? File.ReadLines(Path).LastOrDefault(l => l.Trim().Length > 0) : null;
        return (_lastSize = last is null ? 0 : WitnessedCheckpoint.Parse(last).Statement.Size).Value;
    }
}
