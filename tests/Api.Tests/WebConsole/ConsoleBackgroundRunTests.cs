using Ledger.Api.Tests.Docs;
using Ledger.Api.Tests.Support;
using Ledger.Infrastructure.Access;
using Ledger.Infrastructure.Diagnostics;
using Ledger.Integration.Tests.Messaging.Support;
using Ledger.Integration.Tests.Support;
using Microsoft.Playwright;
using Npgsql;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>
/// The console's background runs across two API processes on one database, as on two hosts behind a balancer: two
/// rebuilds sent to both at once run one at a time (the other is refused with 409, as is the command line's), never both;
/// a rebuild whose process is killed, and a what-if report whose process dies, are marked interrupted rather than left
/// running, and the report is not run again by itself after the restart.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleBackgroundRunTests(ConsoleFixture console) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly string _prefix = ServiceProcess.NewEntityPrefix();
    private readonly string _operator = CredentialStore.NewToken();
    private readonly string _auditor = CredentialStore.NewToken();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("ledger_console_nodes");
        TestService.Migrate(_database.ConnectionString, TestDatabase.RuntimeFor(_database.ConnectionString));
    }

    private Task<ServiceProcess> NodeAsync(string name, Dictionary<string, string>? settings = null)
    {
        settings ??= [];
        settings["Ledger__Credentials__Auditor"] = _auditor;
        return ServiceProcess.StartNodeAsync(_database, _prefix, _operator, name, settings);
    }

    [Fact]
    public async Task Two_rebuilds_sent_to_two_processes_at_once_run_one_at_a_time_and_a_killed_one_is_marked_interrupted()
    {
        await using var a = await NodeAsync("node-a");
        await using var b = await NodeAsync("node-b");
        var onA = await console.SignedInAsync(_operator, a.Address.ToString().TrimEnd('/'));
        var onB = await console.SignedInAsync(_operator, b.Address.ToString().TrimEnd('/'));
        foreach (var (page, reason) in new[] { (onA, "sent to node a"), (onB, "sent to node b") })
        {
            await page.GotoAsync("/console/rebuild");
            await page.SelectOptionAsync("#rebuild-form select[name=view]", "wallet");
            await page.FillAsync("#rebuild-form input[name=reason]", reason);
        }

        // The wallet snapshots held by a transaction of the test: whichever rebuild starts cannot finish meanwhile.
        IReadOnlyList<IResponse> answers;
        await using (var blocker = await BlockWalletSnapshotsAsync())
        {
            answers = await Task.WhenAll(ConsoleRuns.SendAsync(onA, "#rebuild-form"), ConsoleRuns.SendAsync(onB, "#rebuild-form"));
            Assert.Equal([303, 409], answers.Select(r => r.Status).Order());
            var (winner, loser) = answers[0].Status == 303 ? (onA, onB) : (onB, onA);
            Assert.Contains("already running", await loser.TextContentAsync(".error"));
            // The refusal links the running rebuild once its row is committed (the two posts raced for the lock).
            if (await loser.Locator("p.note a").CountAsync() == 1)
                Assert.EndsWith(ConsoleRuns.Query(winner, "rebuild"), await loser.GetAttributeAsync("p.note a", "href"));
            Assert.Equal(1L, await ScalarAsync("select count(*) from ledger.projection_rebuilds where status = 'running'"));
            Assert.Equal(1L, await ScalarAsync("select count(*) from ledger.mt_events where type = 'projections_rebuild_started.v1'"));
            // The page reloads itself while the rebuild runs (a reload may be under way as the test looks: it waits for one).
            await winner.Locator("dd.run-status.status-running").WaitForAsync();
            await winner.Locator("meta[http-equiv=refresh]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            await ConsoleFixture.ScreenshotAsync(winner, "rebuild-running");

            // The command line takes the same lock: refused too.
            var (code, _, stderr) = await LedgerProcess.RunAsync(["projections", "rebuild"], LedgerProcess.ToolDirectory,
                new Dictionary<string, string?> { ["ConnectionStrings__Ledger"] = TestDatabase.RuntimeFor(_database.ConnectionString) });
            Assert.Equal(1, code);
            Assert.Contains("another projection rebuild is running", stderr);

            await blocker.RollbackAsync();
            Assert.Equal("done", await ConsoleRuns.EndedAsync(winner));
            // Now the other's turn: its form sent again.
            await loser.GotoAsync("/console/rebuild");
            await loser.SelectOptionAsync("#rebuild-form select[name=view]", "wallet");
            await loser.FillAsync("#rebuild-form input[name=reason]", "sent again after the first");
            Assert.Equal(303, (await ConsoleRuns.SendAsync(loser, "#rebuild-form")).Status);
            Assert.Equal("done", await ConsoleRuns.EndedAsync(loser));
        }
        // Never both: the second was asked for after the first had finished.
        Assert.Equal(2L, await ScalarAsync("select count(*) from ledger.mt_events where type = 'projections_rebuilt.v1'"));
        Assert.Equal(1L, await ScalarAsync(
            "select count(*) from ledger.projection_rebuilds f join ledger.projection_rebuilds s on s.requested_at > f.finished_at where f.status = 'done' and s.status = 'done'"));

        // A rebuild whose process is killed while it runs: the other process shows it interrupted, and the history has
        // its start and no finish.
        Guid killed;
        await using (var blocker = await BlockWalletSnapshotsAsync())
        {
            await onA.GotoAsync("/console/rebuild");
            await onA.SelectOptionAsync("#rebuild-form select[name=view]", "wallet");
            await onA.FillAsync("#rebuild-form input[name=reason]", "killed halfway on purpose");
            Assert.Equal(303, (await ConsoleRuns.SendAsync(onA, "#rebuild-form")).Status);
            killed = Guid.Parse(ConsoleRuns.Query(onA, "rebuild"));
            await a.KillAsync();
            await blocker.RollbackAsync();
        }
        await onB.GotoAsync($"/console/rebuild?rebuild={killed}");
        Assert.Equal("interrupted", await ConsoleRuns.EndedAsync(onB));
        Assert.Contains("stopped before it finished", await onB.TextContentAsync(".error"));
        Assert.Equal(1L, await ScalarAsync($"select count(*) from ledger.mt_events where stream_id = '{killed}' and type = 'projections_rebuild_started.v1'"));
        Assert.Equal(0L, await ScalarAsync($"select count(*) from ledger.mt_events where stream_id = '{killed}' and type = 'projections_rebuilt.v1'"));
        // Its lock went with its process: the next rebuild runs.
        await onB.GotoAsync("/console/rebuild");
        await onB.FillAsync("#rebuild-form input[name=reason]", "after the kill");
        Assert.Equal(303, (await ConsoleRuns.SendAsync(onB, "#rebuild-form")).Status);
        Assert.Equal("done", await ConsoleRuns.EndedAsync(onB));
    }

    [Fact]
    public async Task A_what_if_report_whose_process_dies_is_marked_interrupted_and_not_run_again_by_itself()
    {
        // Node a runs reports and dies at the first one it claims; node b runs none, so the report can only go to a.
        await using var a = await NodeAsync("node-a", new() { [CrashPoints.Variable] = CrashPoints.WhatIfReportRunning });
        await using var b = await NodeAsync("node-b", new() { ["Console__WhatIfWorkers"] = "0" });
        var page = await console.SignedInAsync(_auditor, b.Address.ToString().TrimEnd('/'));
        await page.GotoAsync("/console/what-if");
        await ConsoleRuns.FillLimitsAsync(page, 0, "EUR", "5.00", "50.00", "5");
        Assert.Equal(303, (await ConsoleRuns.SendAsync(page, "#what-if-form")).Status);
        var report = ConsoleRuns.Query(page, "report");

        Assert.True(await a.ExitedWithinAsync(TimeSpan.FromMinutes(1)), $"node a did not reach the crash point:\n{a.Output}");
        Assert.Equal("interrupted", await ConsoleRuns.EndedAsync(page));
        Assert.Contains("stopped before it was done", await page.TextContentAsync(".error"));

        // Restarted: it does not pick the report up again; the auditor asks for it again, and that one runs.
        await a.RestartAsync(new Dictionary<string, string?> { [CrashPoints.Variable] = null });
        await page.ClickAsync("a[href^='/console/what-if?again=']");
        Assert.Contains("\"EUR\"", await page.InputValueAsync("#what-if-form textarea[name=policy]"));
        Assert.Equal(303, (await ConsoleRuns.SendAsync(page, "#what-if-form")).Status);
        Assert.Equal("done", await ConsoleRuns.EndedAsync(page));
        Assert.Equal("interrupted", await ScalarTextAsync($"select status from ledger.what_if_reports where report_id = '{report}'"));
    }

    private async Task<TableLock> BlockWalletSnapshotsAsync()
    {
        var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        var tx = await connection.BeginTransactionAsync();
        await using var cmd = new NpgsqlCommand("lock table ledger.mt_doc_wallet in access exclusive mode", connection, tx);
        await cmd.ExecuteNonQueryAsync();
        return new TableLock(connection, tx);
    }

    /// <summary>A table locked by an open transaction of the test, until it is rolled back.</summary>
    private sealed class TableLock(NpgsqlConnection connection, NpgsqlTransaction tx) : IAsyncDisposable
    {
        public Task RollbackAsync() => tx.RollbackAsync();

        public async ValueTask DisposeAsync()
        {
            await tx.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(_database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<string> ScalarTextAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(_database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        try { await Broker.DeleteEntitiesAsync(_prefix); }
        catch (Exception) { } // names only; a run without RabbitMQ has none
    }
}
