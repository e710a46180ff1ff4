using System.Text.Json;
using Ledger.Infrastructure.Audit.Replay;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Infrastructure.Audit.Cli;

/// <summary>
/// <c>ledger audit ...</c>: export, offline verify, in-database verify, checkpoint, public key, explain.
/// Exit codes: 0 done and verified, 1 verification failed or the request was refused (reason on
/// stderr), 2 bad usage.
/// </summary>
public static class AuditCommandLine
{
    public const string Usage = """
        usage: ledger audit <command> [options]
          export --out FILE [--from TIME] [--to TIME] [--stream ID]...
                                 signed events as JSON Lines with what is needed to verify them offline
                                 (from inclusive, to exclusive, on the time each event was recorded)
          verify FILE [--public-key BASE64|KEYFILE]
                                 check an export with no database: chain, Merkle roots, signatures;
                                 pin the published key (GET /v1/audit/public-key) to trust nothing in FILE
          verify-db              check the stored log against its chain and checkpoints
          checkpoint             chain what is committed and sign a checkpoint now
          public-key             the Ed25519 public key that signs checkpoints (base64) and its id
          explain PAYMENT [--json]
                                 the recorded decision of a payment and its inputs
        """;

    private static readonly string[] NoFlags = [];

    /// <param name="services">The ledger's services; built from configuration when null (not needed by <c>verify</c>).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IServiceProvider? services = null,
        CancellationToken ct = default)
    {
        ServiceProvider? owned = null;
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            IServiceProvider Services() => services ??= owned = CliServices.Build();
            var rest = args[1..];
            switch (args[0])
            {
                case "verify":
                    return await VerifyFileAsync(CliOptions.Parse(rest, ["--public-key"], NoFlags), stdout, stderr, ct);
                case "export":
                    var export = CliOptions.Parse(rest, ["--out", "--from", "--to", "--stream"], NoFlags);
                    return await ExportAsync(export, Services, stdout, stderr, ct);
                case "verify-db":
                    NoArguments(rest, "verify-db");
                    return Report(await Services().GetRequiredService<AuditVerifier>().VerifyAsync(ct), "the stored log", stdout, stderr);
                case "checkpoint":
                    NoArguments(rest, "checkpoint");
                    await Services().GetRequiredService<AuditChainWriter>().CatchUpAsync(ct);
                    var cp = await Services().GetRequiredService<AuditCheckpointer>().CheckpointAsync(force: true, ct);
                    await stdout.WriteLineAsync(cp is null
                        ? "nothing new to sign since the last checkpoint"
                        : $"checkpoint at seq {cp.Statement.Seq} over {cp.Statement.Size} events, root {cp.Statement.Root}, key {cp.KeyId}");
                    return 0;
                case "public-key":
                    NoArguments(rest, "public-key");
                    var key = Services().GetRequiredService<AuditSigningKey>();
                    await stdout.WriteLineAsync($"{key.PublicKeyBase64}  (ed25519, key id {key.KeyId})");
                    return 0;
                case "explain":
                    var explain = CliOptions.Parse(rest, [], ["--json"]);
                    if (explain.Positional.Count != 1) throw new CliUsageError("'explain' takes one payment id");
                    return await ExplainAsync(CliOptions.Id(explain.Positional[0], "the payment id"), explain.Has("--json"), Services(), stdout, stderr, ct);
                default:
                    throw new CliUsageError($"unknown command '{args[0]}'");
            }
        }
        catch (CliUsageError e)
        {
            await stderr.WriteLineAsync($"ledger audit: {e.Message}\n\n{Usage}");
            return 2;
        }
        catch (AuditExportException e)
        {
            await stderr.WriteLineAsync($"ledger audit: {e.Message}");
            return 1;
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
        {
            await stderr.WriteLineAsync($"ledger audit: {e.MessageText}: the service creates the audit tables when it starts (scripts/run.sh)");
            return 1;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"ledger audit: {e.Message}");
            return 1;
        }
        finally
        {
            if (owned is not null) await owned.DisposeAsync();
        }
    }

    private static void NoArguments(string[] rest, string verb)
    {
        if (rest.Length > 0) throw new CliUsageError($"'{verb}' takes no arguments");
    }

    private static async Task<int> VerifyFileAsync(CliOptions options, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (options.Positional.Count != 1) throw new CliUsageError("'verify' takes one export file");
        var path = options.Positional[0];
        if (!File.Exists(path)) throw new CliUsageError($"no such file '{path}'");
        byte[]? pinned = null;
        if (options.One("--public-key") is { } given)
        {
            var text = File.Exists(given) ? File.ReadAllText(given).Trim() : given;
            try { pinned = Convert.FromBase64String(text); }
            catch (FormatException) { throw new CliUsageError("'--public-key' takes the base64 Ed25519 public key or a file holding it"); }
            if (pinned.Length != 32) throw new CliUsageError("an Ed25519 public key has 32 bytes");
        }
        var result = await ExportVerifier.VerifyFileAsync(path, pinned, ct);
        if (pinned is null && result.Holds)
            await stderr.WriteLineAsync($"note: checked against the key named in the file (id {result.KeyId}); pass --public-key to pin the published key");
        return Report(result, path, stdout, stderr);
    }

    private static int Report(AuditVerification result, string what, TextWriter stdout, TextWriter stderr)
    {
        if (result.Failure is { } failure)
        {
            stderr.WriteLine($"FAILED: {what}: {failure}");
            stderr.WriteLine($"  ({result.EventsChecked} events and {result.CheckpointsChecked} checkpoints verified before it)");
            return 1;
        }
        stdout.WriteLine($"OK: {what}: {result.EventsChecked} events re-hashed, {result.LinksChecked} linked by hash, " +
                         $"{result.CheckpointsChecked} signed checkpoints verified (key {result.KeyId}), up to seq {result.LastSeq}");
        return 0;
    }

    private static async Task<int> ExportAsync(CliOptions options, Func<IServiceProvider> services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (options.Positional.Count > 0) throw new CliUsageError($"unexpected argument '{options.Positional[0]}'");
        var path = options.One("--out") ?? throw new CliUsageError("'export' needs --out FILE");
        var request = new ExportRequest(options.Timestamp("--from"), options.Timestamp("--to"),
            options.All("--stream").Select(s => CliOptions.Id(s, "--stream")).ToList());
        if (request is { From: { } from, To: { } to } && from >= to) throw new CliUsageError("--from must be before --to");

        var exporter = services().GetRequiredService<AuditExporter>();
        // Written beside the target and moved into place: a failed export never leaves half a file under the name asked for.
        var temp = path + ".partial";
        ExportSummary summary;
        try
        {
            await using (var file = File.Create(temp))
                summary = await exporter.ExportAsync(request, file, ct);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
        await stdout.WriteLineAsync($"exported {summary.Events} events (seq {summary.FirstSeq}..{summary.LastSeq}), {summary.Links} other events by hash, " +
                                    $"{summary.Checkpoints} checkpoints to {path}");
        if (summary.NotYetSigned > 0)
            await stderr.WriteLineAsync($"note: {summary.NotYetSigned} matching events are newer than the last checkpoint and were left out");
        return 0;
    }

    private static async Task<int> ExplainAsync(Guid paymentId, bool json, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var explanation = await new DecisionExplainer(services.GetRequiredService<Marten.IDocumentStore>()).ExplainAsync(paymentId, ct);
        if (explanation is null)
        {
            await stderr.WriteLineAsync($"ledger audit: no payment {paymentId}");
            return 1;
        }
        await stdout.WriteAsync(json ? JsonSerializer.Serialize(explanation, CliServices.Json) + "\n" : explanation.ToText());
        return 0;
    }
}
