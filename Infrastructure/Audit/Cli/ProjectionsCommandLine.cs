using Ledger.Infrastructure.Audit.Rebuild;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Infrastructure.Audit.Cli;

/// <summary>
/// <c>ledger projections rebuild</c>: rebuild every view from the events, compare with the live views,
/// print events/s beside a plain sequential read. Exit 0 when every view matches, 1 when one differs
/// (with sample rows), 2 for bad usage.
/// </summary>
public static class ProjectionsCommandLine
{
    public const string Usage = """
        usage: ledger projections rebuild
          rebuilds the journal, the account balances and the wallet, merchant, terminal and payment
          snapshots from the events, then compares each with the live view taken just before
          (run it on a quiet ledger: writes meanwhile show up as differences)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IServiceProvider? services = null,
        CancellationToken ct = default)
    {
        Microsoft.Extensions.DependencyInjection.ServiceProvider? owned = null;
        try
        {
            if (args is ["-h" or "--help" or "help"])
            {
                await stdout.WriteLineAsync(Usage);
                return 0;
            }
            if (args is not ["rebuild"]) throw new CliUsageError(args.Length == 0 ? "missing command" : $"unknown command '{string.Join(' ', args)}'");
            services ??= owned = CliServices.Build();
            var rebuild = new ProjectionRebuild(services.GetRequiredService<Marten.IDocumentStore>(),
                services.GetRequiredService<Npgsql.NpgsqlDataSource>(), services.GetRequiredService<AuditStoreSchema>());
            var report = await rebuild.RunAsync(new Progress<string>(line => stderr.WriteLine($"  {line}")), ct);

            await stdout.WriteLineAsync($"{"view",-22} {"events",10} {"events/s",10}  result");
            await stdout.WriteLineAsync($"{"(plain read)",-22} {report.Events,10} {report.PlainReadEventsPerSecond,10:F0}  floor");
            foreach (var v in report.Views)
                await stdout.WriteLineAsync($"{v.View,-22} {v.Events,10} {v.EventsPerSecond,10:F0}  " +
                                            (v.Matches ? "matches live" : $"DIFFERS: {v.Missing} live rows not rebuilt, {v.Extra} rebuilt rows not live"));
            foreach (var sample in report.Views.SelectMany(v => v.Samples.Select(s => $"  {v.View}: {s}")))
                await stderr.WriteLineAsync(sample);
            return report.AllMatch ? 0 : 1;
        }
        catch (CliUsageError e)
        {
            await stderr.WriteLineAsync($"ledger projections: {e.Message}\n\n{Usage}");
            return 2;
        }
        catch (Npgsql.NpgsqlException e)
        {
            await stderr.WriteLineAsync($"ledger projections: {e.Message}");
            return 1;
        }
        finally
        {
            if (owned is not null) await owned.DisposeAsync();
        }
    }
}
