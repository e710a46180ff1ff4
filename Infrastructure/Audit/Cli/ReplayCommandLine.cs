using System.Globalization;
using System.Text.Json;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Audit.Replay;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Infrastructure.Audit.Cli;

/// <summary><c>ledger replay KIND ID [--as-of TIME | --version N] [--json]</c>: a stream's state at a point in its history.</summary>
public static class ReplayCommandLine
{
    public const string Usage = """
        usage: ledger replay wallet|merchant|terminal|payment ID [--as-of TIME | --version N] [--json]
          --as-of TIME   state after the events recorded at or before TIME (ISO 8601, UTC if no offset)
          --version N    state after the stream's first N events
          --json         the state as JSON instead of text
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
