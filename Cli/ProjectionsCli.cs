using System.CommandLine;
using Ledger.Infrastructure.Audit;
using Ledger.Infrastructure.Audit.Rebuild;
using Marten;
using Spectre.Console;

namespace Ledger.Cli;

/// <summary>
/// <c>ledger projections rebuild</c>: every view rebuilt from the events and compared with the live one,
/// events/s beside a plain sequential read. Exit 0 when every view matches, 1 when one differs or another rebuild holds
/// the lock.
/// </summary>
internal static class ProjectionsCli
{
    public static Command Build(CliContext cli)
    {
        var rebuild = new Command("rebuild",
            "Rebuild the journal, the balances and the wallet, merchant, terminal and payment snapshots from the events, " +
            "then compare each with the live view taken just before (run it on a quiet ledger: writes meanwhile show up as differences).");
        rebuild.SetAction(async (_, ct) =>
        {
            var dataSource = cli.Get<Npgsql.NpgsqlDataSource>();
            var schema = cli.Get<AuditStoreSchema>();
            // One rebuild at a time on a database, the console's included: two would truncate each other's views.
            await using var held = await RebuildLock.TryTakeAsync(dataSource, schema, ct);
            if (held is null)
            {
                await cli.Err.WriteLineAsync("ledger projections rebuild: another projection rebuild is running on this database (the console's or another command's): wait for it to finish.");
                return 1;
            }
            var run = new ProjectionRebuild(cli.Get<IDocumentStore>(), dataSource, schema);
            var latest = new Dictionary<string, RebuildStep>();
            var bars = new Dictionary<string, ProgressTask>();
            var steps = new InlineProgress<RebuildStep>(step => { lock (latest) latest[step.Name] = step; });
            var report = await CliDisplay.ProgressAsync(cli.Progress, () => run.RunAsync(held, steps, ct), context =>
            {
                lock (latest)
                    foreach (var step in latest.Values)
                    {
                        if (!bars.TryGetValue(step.Name, out var bar)) bars[step.Name] = bar = context.AddTask(step.Name, maxValue: Math.Max(1, step.Total));
                        bar.Value = step.Done;
                    }
            });

            CliDisplay.Table(cli.Results, ["view", ">events", ">events/s", "result"],
                report.Views.Select(v => new[]
                {
                    v.View, v.Events.ToString(), v.EventsPerSecond.ToString("F0"),
                    v.Matches ? "matches live" : $"DIFFERS: {v.Missing} live rows not rebuilt, {v.Extra} rebuilt rows not live",
                }).Prepend(["(plain read)", report.Events.ToString(), report.PlainReadEventsPerSecond.ToString("F0"), "floor"]));
            foreach (var sample in report.Views.SelectMany(v => v.Samples.Select(s => $"  {v.View}: {s}")))
                await cli.Err.WriteLineAsync(sample);
            return report.AllMatch ? 0 : 1;
        });
        return new Command("projections", "The views built from the events.") { rebuild };
    }
}
