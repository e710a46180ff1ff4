using System.CommandLine;
using System.Text.Json;
using Ledger.Domain.Audit;
using Ledger.Infrastructure.Audit;
using Ledger.Infrastructure.Audit.Replay;
using Ledger.Infrastructure.Audit.Witness;
using Marten;
using Ledger.Verifier;

namespace Ledger.Cli;

/// <summary><c>ledger audit ...</c>: export, offline verify, in-database verify, checkpoint, public key, explain.</summary>
internal static class AuditCli
{
    public static Command Build(CliContext cli) => new("audit", "Tamper-evident history: export, verify, checkpoints, explanations.")
    {
        Export(cli), Verify(cli), VerifyDb(cli), Checkpoint(cli), PublicKey(cli), RotateKey(cli), RevokeKey(cli), Explain(cli),
    };

    private static Command Export(CliContext cli)
    {
        var output = new Option<FileInfo>("--out") { Description = "the JSON Lines file to write (replaced only when the export is complete)", HelpName = "FILE", Required = true };
        var from = CliValues.Timestamp("--from", "first recording time to include");
        var to = CliValues.Timestamp("--to", "recording time to stop before");
        var streams = CliValues.Uuids("--stream", "only this stream's events (repeatable)");
        var command = new Command("export", "Signed events as JSON Lines with what is needed to verify them offline.") { output, from, to, streams };
        CliValues.Rule(command, r =>
        {
            if (r.GetValue(from) is { } f && r.GetValue(to) is { } t && f >= t) r.AddError("--from must be before --to");
        });
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(output)!.FullName;
            var request = new ExportRequest(parse.GetValue(from), parse.GetValue(to), parse.GetValue(streams) ?? []);
            var exporter = cli.Get<AuditExporter>();
            // Written beside the target and moved into place: a failed export never leaves half a file under the name asked for.
            var temp = path + ".partial";
            ExportSummary summary;
            try
            {
                var (done, total) = (0L, 1L);
                var positions = new InlineProgress<(long Done, long Total)>(p => (done, total) = p);
                await using (var file = File.Create(temp))
                    summary = await CliDisplay.BarAsync(cli.Progress, "export", () => done, () => total,
                        () => exporter.ExportAsync(request, file, ct, positions));
                File.Move(temp, path, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }
            await cli.Out.WriteLineAsync($"exported {summary.Events} events (seq {summary.FirstSeq}..{summary.LastSeq}), {summary.Links} other events by hash, " +
                                         $"{summary.Checkpoints} checkpoints to {path}");
            if (summary.NotYetSigned > 0)
                await cli.Err.WriteLineAsync($"note: {summary.NotYetSigned} matching events are newer than the last checkpoint and were left out");
            return 0;
        });
        return command;
    }

    private static Command Verify(CliContext cli)
    {
        var file = CliValues.ExistingFile("FILE", "an export written by 'ledger audit export' or GET /v1/audit/export");
        var key = new Option<PublishedKey?>("--public-key")
        {
            Description = "the published Ed25519 key (GET /v1/audit/public-key), base64 or a file holding it; without it the key in FILE is trusted",
            HelpName = "BASE64|KEYFILE",
            CustomParser = r =>
            {
                var given = r.Tokens[0].Value;
                var text = File.Exists(given) ? File.ReadAllText(given).Trim() : given;
                try
                {
                    var bytes = Convert.FromBase64String(text);
                    if (bytes.Length == 32) return new PublishedKey(bytes);
                    r.AddError("an Ed25519 public key has 32 bytes");
                }
                catch (FormatException)
                {
                    r.AddError("--public-key takes the base64 Ed25519 public key or a file holding it");
                }
                return null;
            },
        };
        var witness = WitnessOption();
        var log = new Option<string?>("--log")
        {
            Description = "the log the export must be of (its origin, published with the key, e.g. ledger.example.com/production); without it the log the file names is accepted",
            HelpName = "ORIGIN",
        };
        var keys = new Option<PublishedKeys?>("--keys")
        {
            Description = "the signing key's published history (GET /v1/audit/keys): hand-overs and revocations the file may lack; " +
                          "fetch it when you pinned an older key, so an export signed with a leaked, revoked key is refused",
            HelpName = "FILE",
            CustomParser = r =>
            {
                var path = r.Tokens[0].Value;
                if (!File.Exists(path))
                {
                    r.AddError($"--keys: no file '{path}'");
                    return null;
                }
                try
                {
                    var (rotations, revocations) = KeyHistoryFile.Parse(File.ReadLines(path));
                    return new PublishedKeys(rotations, revocations);
                }
                catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException)
                {
                    r.AddError($"--keys: '{path}' is not a key history: {e.Message}");
                    return null;
                }
            },
        };
        var command = new Command("verify", "Check an export with no database: chain, Merkle roots, signatures.") { file, key, witness, log, keys };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!.FullName;
            var pinned = parse.GetValue(key)?.Bytes;
            var witnessed = parse.GetValue(witness)?.Checkpoints;
            await using var stream = File.OpenRead(path);
            using var reader = new StreamReader(stream);
            var result = await CliDisplay.BarAsync(cli.Progress, "verify", () => stream.Position, () => stream.Length,
                () => ExportVerifier.VerifyAsync(reader, pinned, ct, witnessed, parse.GetValue(log),
                    parse.GetValue(keys) is { } history ? (history.Rotations, history.Revocations) : null));
            if (pinned is null && result.Holds)
                await cli.Err.WriteLineAsync($"note: checked against the key named in the file (id {result.KeyId}); pass --public-key to pin the published key");
            return Report(cli, result, parse.GetValue(file)!.ToString());
        });
        return command;
    }

    /// <summary>A record, not a bare byte array: an array-typed option left out reads as an empty array, which would pin "no key".</summary>
    private sealed record PublishedKey(byte[] Bytes);

    /// <summary>The published key history read from <c>--keys</c>.</summary>
    private sealed record PublishedKeys(IReadOnlyList<KeyRotation> Rotations, IReadOnlyList<KeyRevocation> Revocations);

    /// <summary>A record, not a bare list: an option left out must read as "no witness", not as an empty one.</summary>
    private sealed record WitnessFile(IReadOnlyList<WitnessedCheckpoint> Checkpoints);

    private static Option<WitnessFile?> WitnessOption() => new("--witness")
    {
        Description = "checkpoints kept outside the database earlier (a line of the witness file checkpoints.jsonl, or the whole file): " +
                      "the history must still have their roots, whatever the stored signatures say",
        HelpName = "FILE",
        CustomParser = r =>
        {
            var path = r.Tokens[0].Value;
            if (!File.Exists(path))
            {
                r.AddError($"--witness: no file '{path}'");
                return null;
            }
            try
            {
                var checkpoints = WitnessedCheckpoint.ReadFile(path);
                if (checkpoints.Count > 0) return new WitnessFile(checkpoints);
                r.AddError($"--witness: '{path}' holds no checkpoint");
            }
            catch (FormatException e)
            {
                r.AddError($"--witness: {e.Message}");
            }
            return null;
        },
    };

    private static Command VerifyDb(CliContext cli)
    {
        var witness = WitnessOption();
        var command = new Command("verify-db", "Check the stored log against its chain and signed checkpoints.") { witness };
        command.SetAction(async (parse, ct) =>
            Report(cli, await cli.Get<AuditVerifier>().VerifyAsync(ct, parse.GetValue(witness)?.Checkpoints), "the stored log", inDatabase: true));
        return command;
    }

    private static Command Checkpoint(CliContext cli)
    {
        var command = new Command("checkpoint", "Chain what is committed and sign a checkpoint now.");
        command.SetAction(async (_, ct) =>
        {
            await cli.Get<AuditChainWriter>().CatchUpAsync(ct);
            var cp = await cli.Get<AuditCheckpointer>().CheckpointAsync(force: true, ct);
            await cli.Out.WriteLineAsync(cp is null
                ? "nothing new to sign since the last checkpoint"
                : $"checkpoint at seq {cp.Statement.Seq} over {cp.Statement.Size} events, root {cp.Statement.Root}, key {cp.KeyId}");
            return 0;
        });
        return command;
    }

    private static Command PublicKey(CliContext cli)
    {
        var command = new Command("public-key", "The Ed25519 public key that signs checkpoints (base64) and its id.");
        command.SetAction(async _ =>
        {
            var key = cli.Get<AuditKeyRing>().Current;
            await cli.Out.WriteLineAsync($"{key.PublicKeyBase64}  (ed25519, key id {key.KeyId})");
            return 0;
        });
        return command;
    }

    private static Command RotateKey(CliContext cli)
    {
        var command = new Command("rotate-key",
            "Hand checkpoint signing over to a fresh key: the hand-over is signed by the old and the new key and recorded; the key file is replaced.");
        command.SetAction(async (_, ct) =>
        {
            var rotation = await cli.Get<AuditKeyRotator>().RotateAsync(ct);
            var s = rotation.Statement;
            await cli.Out.WriteLineAsync($"signing key {AuditKeys.KeyIdOf(rotation.OldKey)} handed over to {AuditKeys.KeyIdOf(rotation.NewKey)} " +
                                         $"after seq {s.LastSeq} ({s.LastSize} events signed by the old key)");
            await cli.Out.WriteLineAsync($"new public key: {s.NewPublicKey}");
            await cli.Err.WriteLineAsync("note: publish the new key; exports carry the hand-over, so a verifier pinned to either key accepts both");
            return 0;
        });
        return command;
    }

    private static Command RevokeKey(CliContext cli)
    {
        var key = new Argument<string>("KEY") { Description = "the retired key declared compromised: base64 public key (as in a rotation's statement) or a file holding it" };
        var upTo = new Option<long?>("--trusted-up-to")
        {
            Description = "its signatures still count on checkpoints over at most this many events (the size of one of its checkpoints); default: up to its hand-over",
            HelpName = "SIZE",
        };
        var reason = new Option<string>("--reason") { Description = "why, for the auditors who will read it (3 to 500 characters)", HelpName = "TEXT", Required = true };
        var command = new Command("revoke-key",
            "Declare a retired signing key compromised: verifiers refuse its signatures past the trusted size and on any export statement.") { key, upTo, reason };
        command.SetAction(async (parse, ct) =>
        {
            var given = parse.GetValue(key)!;
            var text = File.Exists(given) ? (await File.ReadAllTextAsync(given, ct)).Trim() : given;
            byte[] revoked;
            try
            {
                revoked = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                throw new CommandRefused("KEY takes the base64 Ed25519 public key of the retired key, or a file holding it");
            }
            var revocation = await cli.Get<AuditKeyRevoker>().RevokeAsync(revoked, parse.GetValue(upTo), parse.GetValue(reason)!, ct);
            var s = revocation.Statement;
            await cli.Out.WriteLineAsync($"key {AuditKeys.KeyIdOf(revoked)} revoked: trusted on checkpoints over at most {s.TrustedUpToSize} events, " +
                                         $"on no export statement; signed by {AuditKeys.KeyIdOf(revocation.SignedBy)}");
            await cli.Err.WriteLineAsync("note: GET /v1/audit/keys publishes it; tell auditors who pinned the revoked key to verify with --keys");
            return 0;
        });
        return command;
    }

    private static Command Explain(CliContext cli)
    {
        var payment = CliValues.Uuid("PAYMENT", "the payment id");
        var json = new Option<bool>("--json") { Description = "JSON instead of text" };
        var command = new Command("explain", "The recorded decision of a payment and its inputs.") { payment, json };
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetValue(payment);
            var explanation = await new DecisionExplainer(cli.Get<IDocumentStore>()).ExplainAsync(id, ct)
                ?? throw new CommandRefused($"no payment {id}");
            await cli.Out.WriteAsync(parse.GetValue(json) ? JsonSerializer.Serialize(explanation, AuditJson.Options) + "\n" : explanation.ToText());
            return 0;
        });
        return command;
    }

    private static string Selection(ExportStatement s)
    {
        var parts = new List<string>();
        if (s.Streams.Count > 0) parts.Add($"{s.Streams.Count} stream{(s.Streams.Count == 1 ? "" : "s")}");
        if (s.From is not null || s.To is not null) parts.Add($"from {s.From ?? "the start"} to {s.To ?? "now"}");
        return parts.Count == 0 ? "the whole log" : string.Join(", ", parts);
    }

    private static int Report(CliContext cli, AuditVerification result, string what, bool inDatabase = false)
    {
        if (result.Failure is { } failure)
        {
            cli.Err.WriteLine($"FAILED: {what}: {failure}");
            cli.Err.WriteLine($"  ({result.EventsChecked} events and {result.CheckpointsChecked} checkpoints verified before it)");
            return 1;
        }
        // In the database every event is re-hashed and its chain row's link to the one before checked; in an export,
        // events outside the selection are present only by their hash.
        var links = inDatabase ? $"{result.LinksChecked} chain links checked" : $"{result.LinksChecked} other events by hash";
        var witnessed = result.WitnessesAgreed > 0 ? $", {result.WitnessesAgreed} witnessed checkpoints agree" : "";
        cli.Out.WriteLine($"OK: {what}: {result.EventsChecked} events re-hashed, {links}, " +
                          $"{result.CheckpointsChecked} signed checkpoints verified (key {result.KeyId}){witnessed}, up to seq {result.LastSeq}");
        if (result.Statement is { } s)
            cli.Out.WriteLine($"  signed statement: log {s.Log}, the selection ({Selection(s)}) is complete, {s.Events} events up to the checkpoint at seq " +
                              $"{s.Covering.Seq}; exported {s.ExportedAt}, when the newest checkpoint was at seq {s.Latest.Seq} over {s.Latest.Size} events");
        return 0;
    }
}
