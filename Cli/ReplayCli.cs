using System.CommandLine;
using System.Text.Json;
using Ledger.Domain.Audit;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Audit.Replay;
using Marten;

namespace Ledger.Cli;

/// <summary><c>ledger replay KIND ID [--as-of TIME | --version N]</c> and <c>ledger replay what-if --policy FILE</c>.</summary>
internal static class ReplayCli
{
    public static Command Build(CliContext cli)
    {
        var command = new Command("replay", "A stream's state at a point in its history, or the period's payments re-decided under other limits.");
        foreach (var kind in PointInTime.Kinds) command.Subcommands.Add(PointInTimeCommand(cli, kind));
        command.Subcommands.Add(WhatIf(cli));
        return command;
    }

    private static Command PointInTimeCommand(CliContext cli, string kind)
    {
        var id = CliValues.Uuid("ID", $"the {kind} id");
        var asOf = CliValues.Timestamp("--as-of", "state after the events recorded at or before this time");
        var version = CliValues.PositiveWhole("--version", "state after the stream's first N events");
        var json = new Option<bool>("--json") { Description = "JSON instead of text" };
        var command = new Command(kind, $"The {kind}'s state as of a time or a stream version (default: now).") { id, asOf, version, json };
        CliValues.Rule(command, r =>
        {
            if (r.GetValue(asOf) is not null && r.GetValue(version) is not null) r.AddError("give --as-of or --version, not both");
        });
        command.SetAction(async (parse, ct) =>
        {
            var streamId = parse.GetValue(id);
            var replayed = await new PointInTime(cli.Get<IDocumentStore>()).ReplayAsync(kind, streamId, new AsOf(parse.GetValue(asOf), parse.GetValue(version)), ct);
            if (replayed.State is null)
                throw new CommandRefused($"no {kind} {streamId}{(replayed.Version == 0 ? "" : $" at that point (version {replayed.Version})")}");
            await cli.Out.WriteAsync(parse.GetValue(json) ? JsonSerializer.Serialize(replayed, AuditJson.Options) + "\n" : Text(replayed));
            return 0;
        });
        return command;
    }

    private static Command WhatIf(CliContext cli)
    {
        var policy = new Option<LimitPolicy?>("--policy")
        {
            Description = """limits per currency to re-decide under: {"name": "...", "limits": {"EUR": {"perPayment": "50.00", "dailyAmount": "100.00", "dailyCount": 3}}}""",
            HelpName = "FILE",
            Required = true,
            CustomParser = r =>
            {
                var path = r.Tokens[0].Value;
                if (!File.Exists(path))
                {
                    r.AddError($"no such file '{path}'");
                    return null;
                }
                try { return LimitPolicyFile.Parse(File.ReadAllText(path)); }
                catch (FormatException e) { r.AddError($"{path}: {e.Message}"); }
                return null;
            },
        };
        var from = CliValues.Timestamp("--from", "first decision time of the period");
        var to = CliValues.Timestamp("--to", "decision time the period stops before");
        var json = new Option<bool>("--json") { Description = "JSON instead of a table" };
        var command = new Command("what-if", "Re-decide the period's payment requests under other limits and report what would change; writes nothing.")
            { policy, from, to, json };
        CliValues.Rule(command, r =>
        {
            if (r.GetValue(from) is { } f && r.GetValue(to) is { } t && f >= t) r.AddError("--from must be before --to");
        });
        command.SetAction(async (parse, ct) =>
        {
            var report = await new WhatIfRunner(cli.Get<IDocumentStore>()).RunAsync(parse.GetValue(policy)!, parse.GetValue(from), parse.GetValue(to), ct);
            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize(report, AuditJson.Options));
                return 0;
            }
            await cli.Out.WriteLineAsync($"policy '{report.Policy}': {report.Requests} payment requests re-decided, {report.Changes.Count} would change (nothing written)");
            if (report.Changes.Count > 0)
                CliDisplay.Table(cli.Results, ["decided at", "payment", ">amount", "was", "would be"], report.Changes.Select(c => new[]
                {
                    AuditRecord.FormatTimestamp(c.At), c.PaymentId.ToString(), c.Amount.ToString(),
                    Outcome(c.WasAuthorized, c.WasReason), Outcome(c.WouldAuthorize, c.WouldReason),
                }));
            foreach (var t in report.Totals)
                await cli.Out.WriteLineAsync($"{t.Currency}: {t.NewlyDeclined} authorized would be declined ({t.NewlyDeclinedAmount}), " +
                                             $"{t.NewlyAuthorized} declined would be authorized ({t.NewlyAuthorizedAmount})");
            return 0;
        });
        return command;

        static string Outcome(bool authorized, Domain.Payments.DeclineReason? reason) => authorized ? "authorized" : $"declined ({reason})";
    }

    private static string Text(ReplayedState replayed)
    {
        var at = replayed.LastEventAt is { } last ? AuditRecord.FormatTimestamp(last) : "-";
        var head = $"{replayed.Kind} {replayed.Id} at version {replayed.Version} (last event recorded {at})\n";
        if (replayed.State is not Wallet w) return head + JsonSerializer.Serialize(replayed.State, AuditJson.Options) + "\n";
        var used = replayed.UsedToday ?? DailyUsage.None;
        return head +
               $"  status        {w.Status}{(w.FacePayEnabled ? ", face pay on" : ", face pay off")}\n" +
               $"  balance       {w.Balance}\n" +
               $"  limits        {w.Limits.PerPayment} per payment, {w.Limits.DailyAmount} and {w.Limits.DailyCount} payments a day\n" +
               $"  used today    {new Domain.Money(used.AmountMinor, w.Currency)} in {used.Count} payments" +
               (used.Day == DateOnly.MinValue ? "\n" : $" ({used.Day:yyyy-MM-dd} UTC)\n");
    }
}
