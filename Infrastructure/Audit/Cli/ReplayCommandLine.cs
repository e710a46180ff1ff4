using System.Globalization;
using System.Text.Json;
using Ledger.Domain.Audit;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Audit.Replay;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Infrastructure.Audit.Cli;

/// <summary><c>ledger replay KIND ID [--as-of TIME | --version N] [--json]</c>: a stream's state at a point in its history.</summary>
public static class ReplayCommandLine
{
    public const string Usage = """
        usage: ledger replay wallet|merchant|terminal|payment ID [--as-of TIME | --version N] [--json]
               ledger replay what-if --policy FILE [--from TIME] [--to TIME] [--json]
          --as-of TIME   state after the events recorded at or before TIME (ISO 8601, UTC if no offset)
          --version N    state after the stream's first N events
          --policy FILE  limits to re-decide the period's payment requests under, per currency:
                         {"name": "...", "limits": {"EUR": {"perPayment": "50.00", "dailyAmount": "100.00", "dailyCount": 3}}}
          --from/--to    the period, on each payment's decision time (from inclusive, to exclusive)
          --json         JSON instead of text
        """;

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
            if (args[0] == "what-if") return await WhatIfAsync(args[1..], stdout, () => services ??= owned = CliServices.Build(), ct);
            var options = CliOptions.Parse(args, ["--as-of", "--version"], ["--json"]);
            if (options.Positional.Count != 2) throw new CliUsageError("give a kind and an id, e.g. 'replay wallet 50c0bf14-...'");
            var kind = options.Positional[0];
            if (!PointInTime.Kinds.Contains(kind)) throw new CliUsageError($"'{kind}' is not one of {string.Join(", ", PointInTime.Kinds)}");
            var id = CliOptions.Id(options.Positional[1], $"the {kind} id");
            var asOf = new AsOf(options.Timestamp("--as-of"), Version(options.One("--version")));
            if (asOf is { Timestamp: not null, Version: not null }) throw new CliUsageError("give --as-of or --version, not both");

            services ??= owned = CliServices.Build();
            var replayed = await new PointInTime(services.GetRequiredService<Marten.IDocumentStore>()).ReplayAsync(kind, id, asOf, ct);
            if (replayed.State is null)
            {
                await stderr.WriteLineAsync($"ledger replay: no {kind} {id}{(replayed.Version == 0 ? "" : $" at that point (version {replayed.Version})")}");
                return 1;
            }
            await stdout.WriteAsync(options.Has("--json") ? JsonSerializer.Serialize(replayed, CliServices.Json) + "\n" : Text(replayed));
            return 0;
        }
        catch (CliUsageError e)
        {
            await stderr.WriteLineAsync($"ledger replay: {e.Message}\n\n{Usage}");
            return 2;
        }
        catch (Npgsql.NpgsqlException e)
        {
            await stderr.WriteLineAsync($"ledger replay: {e.Message}");
            return 1;
        }
        finally
        {
            if (owned is not null) await owned.DisposeAsync();
        }
    }

    private static async Task<int> WhatIfAsync(string[] args, TextWriter stdout, Func<IServiceProvider> services, CancellationToken ct)
    {
        var options = CliOptions.Parse(args, ["--policy", "--from", "--to"], ["--json"]);
        if (options.Positional.Count > 0) throw new CliUsageError($"unexpected argument '{options.Positional[0]}'");
        var path = options.One("--policy") ?? throw new CliUsageError("'what-if' needs --policy FILE");
        if (!File.Exists(path)) throw new CliUsageError($"no such file '{path}'");
        LimitPolicy policy;
        try { policy = LimitPolicyFile.Parse(await File.ReadAllTextAsync(path, ct)); }
        catch (FormatException e) { throw new CliUsageError($"{path}: {e.Message}"); }
        var (from, to) = (options.Timestamp("--from"), options.Timestamp("--to"));
        if (from >= to) throw new CliUsageError("--from must be before --to");

        var report = await new WhatIfRunner(services().GetRequiredService<Marten.IDocumentStore>()).RunAsync(policy, from, to, ct);
        if (options.Has("--json"))
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(report, CliServices.Json));
            return 0;
        }
        await stdout.WriteLineAsync($"policy '{report.Policy}': {report.Requests} payment requests re-decided, {report.Changes.Count} would change (nothing written)");
        foreach (var c in report.Changes)
            await stdout.WriteLineAsync($"  {Domain.Audit.AuditRecord.FormatTimestamp(c.At)}  payment {c.PaymentId}  {c.Amount,14}  " +
                                        $"{Outcome(c.WasAuthorized, c.WasReason)} -> {Outcome(c.WouldAuthorize, c.WouldReason)}");
        foreach (var t in report.Totals)
            await stdout.WriteLineAsync($"  {t.Currency}: {t.NewlyDeclined} authorized would be declined ({t.NewlyDeclinedAmount}), " +
                                        $"{t.NewlyAuthorized} declined would be authorized ({t.NewlyAuthorizedAmount})");
        return 0;

        static string Outcome(bool authorized, Domain.Payments.DeclineReason? reason) => authorized ? "authorized" : $"declined ({reason})";
    }

    private static long? Version(string? text) => text is null ? null
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v
        : throw new CliUsageError($"--version takes a positive whole number, not '{text}'");

    private static string Text(ReplayedState replayed)
    {
        var at = replayed.LastEventAt is { } last ? Domain.Audit.AuditRecord.FormatTimestamp(last) : "-";
        var head = $"{replayed.Kind} {replayed.Id} at version {replayed.Version} (last event recorded {at})\n";
        if (replayed.State is not Wallet w) return head + JsonSerializer.Serialize(replayed.State, CliServices.Json) + "\n";
        var used = replayed.UsedToday ?? DailyUsage.None;
        return head +
               $"  status        {w.Status}{(w.FacePayEnabled ? ", face pay on" : ", face pay off")}\n" +
               $"  balance       {w.Balance}\n" +
               $"  limits        {w.Limits.PerPayment} per payment, {w.Limits.DailyAmount} and {w.Limits.DailyCount} payments a day\n" +
               $"  used today    {new Domain.Money(used.AmountMinor, w.Currency)} in {used.Count} payments" +
               (used.Day == DateOnly.MinValue ? "\n" : $" ({used.Day:yyyy-MM-dd} UTC)\n");
    }
}
