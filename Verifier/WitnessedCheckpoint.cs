using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Domain.Audit;

namespace Ledger.Verifier;

/// <summary>
/// A signed checkpoint as it leaves the database: log size, Merkle root, chain head, signing time, key id, public
/// key and signature, plus the tree's frontier (the complete subtrees' roots) at that size. The frontier is not
/// signed, but it is bound to the signed root (it must fold to it), and it lets a verifier say in which run of
/// positions a rewritten history first differs from what was witnessed. One JSON object per line.
/// </summary>
public sealed record WitnessedCheckpoint(AuditCheckpoint Checkpoint, IReadOnlyList<byte[]> Frontier)
{
    public const string Format = "ledger-audit-witness/1";

    public CheckpointStatement Statement => Checkpoint.Statement;

    public string ToJsonLine() => new JsonObject
    {
        ["format"] = Format,
        ["seq"] = Statement.Seq,
        ["size"] = Statement.Size,
        ["root"] = Statement.Root,
        ["head"] = Statement.Head,
        ["at"] = Statement.At,
        ["origin"] = Statement.Origin,
        ["keyId"] = Checkpoint.KeyId,
        ["publicKey"] = Convert.ToBase64String(Checkpoint.PublicKey),
        ["signature"] = Convert.ToBase64String(Checkpoint.Signature),
        ["frontier"] = new JsonArray(Frontier.Select(h => (JsonNode)ChainHash.ToHex(h)).ToArray()),
        // The same checkpoint as a C2SP signed note, for witnesses and tools of transparency logs (docs/AUDIT.md).
        ["note"] = Checkpoint.Note,
    }.ToJsonString();

    /// <exception cref="FormatException">Not a witness line, or a frontier that does not fold to the signed root.</exception>
    public static WitnessedCheckpoint Parse(string line)
    {
        try
        {
            var o = JsonNode.Parse(line)!.AsObject();
            if ((string?)o["format"] != Format) throw new FormatException($"not a witnessed checkpoint (format '{(string?)o["format"]}', expected {Format})");
            // Lines written before logs had names have no origin: their checkpoints are format 1.
            var statement = new CheckpointStatement((long)o["seq"]!, (long)o["size"]!, (string)o["root"]!, (string)o["head"]!, (string)o["at"]!,
                (string?)o["origin"]);
            var checkpoint = new AuditCheckpoint(statement, (string)o["keyId"]!, Convert.FromBase64String((string)o["publicKey"]!),
                Convert.FromBase64String((string)o["signature"]!));
            var frontier = o["frontier"]!.AsArray().Select(h => ChainHash.FromHex((string)h!)).ToList();
            var witnessed = new WitnessedCheckpoint(checkpoint, frontier);
            if (ChainHash.ToHex(witnessed.Tree().Root()) != statement.Root)
                throw new FormatException($"the frontier of the checkpoint at seq {statement.Seq} does not give its signed root");
            return witnessed;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or ArgumentException)
        {
            throw new FormatException($"not a witnessed checkpoint: {e.Message}", e);
        }
    }

    /// <summary>Every witnessed checkpoint in a file (one per line; the witness directory's log or a single kept line), smallest first.</summary>
    public static IReadOnlyList<WitnessedCheckpoint> ReadFile(string path) =>
        File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(Parse).OrderBy(w => w.Statement.Size).ToList();

    public MerkleFrontier Tree() => MerkleFrontier.Resume(Statement.Size, Frontier);
}
