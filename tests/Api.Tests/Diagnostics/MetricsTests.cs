using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Ledger.Api.Tests.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Api.Tests.Terminals;

namespace Ledger.Api.Tests.Diagnostics;

/// <summary>
/// GET /metrics (Prometheus text, OpenTelemetry): payments per channel, outcome and decline reason, and the vision stages of
/// an enrolment with the real networks; operators and auditors may read it, nobody else. Other tests of this process
/// decide payments too, so counts are compared before and after, never as totals.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class MetricsTests(ApiFixture api)
{
    [Fact]
    public async Task A_code_payment_and_a_replayed_code_are_counted_by_outcome_and_reason()
    {
        var till = await api.RegisterTerminalAsync();
        var wallet = await TerminalPayments.FundedWalletAsync(api);
        var code = (await CustomerDevice.IssueAsync(api, wallet)).CodeAt(api.Clock.GetUtcNow());
        string[] authorized = ["channel=\"code\"", "outcome=\"authorized\"", "reason=\"none\""];
        // Operators see the ledger's own reason; the terminal was told payment_code_invalid.
        string[] replayed = ["channel=\"code\"", "outcome=\"declined\"", "reason=\"payment_code_rejected\""];
        var before = await ScrapeAsync(api.Client);

        await PayAsync(till, code);
        await PayAsync(till, code);

        var after = await ScrapeAsync(api.AuditorClient);
        Assert.True(Count(after, authorized) >= Count(before, authorized) + 1, after);
        Assert.True(Count(after, replayed) >= Count(before, replayed) + 1, after);
    }

    [Fact]
    public async Task The_database_round_trips_and_their_bytes_are_counted_and_no_password_is_shown()
    {
        var before = await ScrapeAsync(api.Client);

        await TerminalPayments.FundedWalletAsync(api);

        var after = await ScrapeAsync(api.Client);
        Assert.True(Count(after, [], "db_client_commands_duration_seconds_count{") > Count(before, [], "db_client_commands_duration_seconds_count{"), after);
        Assert.True(Count(after, [], "db_client_commands_bytes_written_bytes_total{") > 0, after);
        // A pool is named by its connection string: never with the password in it.
        var pools = Regex.Matches(after, "pool_name=\"([^\"]*)\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(pools);
        Assert.All(pools, pool => Assert.Null(new Npgsql.NpgsqlConnectionStringBuilder(pool).Password));
        Assert.All(pools, pool => Assert.DoesNotContain("password", pool, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_service_as_shipped_decides_a_code_payment_in_a_group_commit_written_set_based()
    {
        var till = await api.RegisterTerminalAsync();
        var wallet = await TerminalPayments.FundedWalletAsync(api);
        var code = (await CustomerDevice.IssueAsync(api, wallet)).CodeAt(api.Clock.GetUtcNow());
        var before = await ScrapeAsync(api.Client);

        await PayAsync(till, code);

        // appsettings.json gives the service one group commit writer: a payment by code is decided in memory and written
        // set-based, with whatever other commands share its transaction.
        var after = await ScrapeAsync(api.Client);
        foreach (var name in new[] { "ledger_group_commit_transactions_total{", "ledger_group_commit_commands_total{", "ledger_group_commit_set_based_total{" })
            Assert.True(Count(after, [], name) >= Count(before, [], name) + 1, $"{name}:\n{after}");
    }

    [Fact]
    public async Task An_enrolment_shows_its_vision_stages_and_the_networks_runs()
    {
        await new FacePayDriver(api).EnrolledAsync("penny");

        var metrics = await ScrapeAsync(api.Client);

        foreach (var stage in new[] { "decode", "detect", "landmarks", "align", "embed" })
            Assert.Matches($"ledger_vision_stage_duration_milliseconds_count\\{{[^}}]*stage=\"{stage}\"[^}}]*\\}} [1-9]", metrics);
        // ... and the networks' own runs under them, by model (what of a stage is the network, what is our code).
        foreach (var model in new[] { "ssd_mobilenetv1", "face_landmark_68", "face_recognition" })
            Assert.Matches($"ledger_vision_network_duration_milliseconds_count\\{{[^}}]*model=\"{model}\"[^}}]*\\}} [1-9]", metrics);
    }

    [Fact]
    public async Task The_event_log_and_how_far_the_projections_and_the_audit_chain_are_behind_it_are_gauges()
    {
        await TerminalPayments.FundedWalletAsync(api);

        // Sampled from the database every 10 s and at start: wait (bounded) for a sample that has seen events and the daemon.
        var metrics = "";
        for (var tries = 0; tries < 30 && !(metrics.Contains("ledger_projection_lag{", StringComparison.Ordinal) &&
                                           Regex.IsMatch(metrics, @"(?m)^ledger_events_high_water\{[^}]*\} [1-9]") &&
                                           Regex.IsMatch(metrics, @"(?m)^ledger_audit_chain_batch_size_count\{[^}]*\} [1-9]")); tries++)
        {
            if (tries > 0) await Task.Delay(TimeSpan.FromSeconds(1));
            metrics = await ScrapeAsync(api.Client);
        }

        Assert.Matches(@"(?m)^ledger_events_high_water\{[^}]*\} [1-9]", metrics);
        Assert.Matches(@"(?m)^ledger_projection_lag\{[^}]*projection=""[^""]+""[^}]*\} [0-9]", metrics);
        Assert.Matches(@"(?m)^ledger_audit_chain_lag\{[^}]*\} [0-9]", metrics);
        // The wallet's events were chained in at least one pass by the time the gauges saw them.
        Assert.Matches(@"(?m)^ledger_audit_chain_batch_size_count\{[^}]*\} [1-9]", metrics);
    }

    [Fact]
    public async Task What_the_broker_confirmed_is_counted_and_the_publishers_exact_lag_is_a_gauge()
    {
        var before = Count(await ScrapeAsync(api.Client), [], "ledger_publisher_published_total{");
        var till = await api.RegisterTerminalAsync();
        var wallet = await TerminalPayments.FundedWalletAsync(api);
        await PayAsync(till, (await CustomerDevice.IssueAsync(api, wallet)).CodeAt(api.Clock.GetUtcNow()));

        // Published by the daemon after the commit, and the lag sampled every 10 s: wait (bounded) for both.
        var metrics = "";
        for (var tries = 0; tries < 60 && !(Count(metrics, [], "ledger_publisher_published_total{") > before &&
                                           Regex.IsMatch(metrics, @"(?m)^ledger_publisher_lag\{[^}]*\} [0-9]")); tries++)
        {
            if (tries > 0) await Task.Delay(TimeSpan.FromSeconds(1));
            metrics = await ScrapeAsync(api.Client);
        }

        Assert.True(Count(metrics, [], "ledger_publisher_published_total{") > before, metrics);
        Assert.Matches(@"(?m)^ledger_publisher_lag\{[^}]*\} [0-9]", metrics);
    }

    [Fact]
    public async Task A_fraud_rule_that_fires_is_counted_by_rule_and_severity()
    {
        var till = await api.RegisterTerminalAsync();
        var wallet = await TerminalPayments.FundedWalletAsync(api);
        string[] alert = ["rule=\"customer_payments_per_minute\"", "severity=\"medium\""];
        var before = Count(await ScrapeAsync(api.Client), alert, "ledger_fraud_alerts_total{");

        // Six payments of one customer within a minute: the default policy alerts on the sixth (more than five).
        for (var n = 0; n < 6; n++)
            await PayAsync(till, (await CustomerDevice.IssueAsync(api, wallet)).CodeAt(api.Clock.GetUtcNow()));

        // The rules run on the async daemon: wait (bounded) for the alert to be raised.
        var after = before;
        for (var tries = 0; tries < 60 && after <= before; tries++)
        {
            if (tries > 0) await Task.Delay(TimeSpan.FromSeconds(1));
            after = Count(await ScrapeAsync(api.Client), alert, "ledger_fraud_alerts_total{");
        }
        Assert.True(after >= before + 1, $"no customer_payments_per_minute alert counted (before {before}, after {after})");
    }

    [Fact]
    public async Task Attack_nobody_without_an_operator_or_auditor_credential_reads_the_metrics()
    {
        using var response = await api.AnonymousClient.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task PayAsync(TerminalCredential till, string code)
    {
        var response = await api.PostSignedAsync(till, "/v1/payments",
            new { terminalId = till.TerminalId, amount = "1.00", currency = "EUR", paymentCode = code }, ApiFixture.Key());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return text;
    }

    // The counter's value on the series whose labels include these (0 when the series is not there yet).
    private static double Count(string metrics, string[] labels, string series = "ledger_payments_total{") =>
        metrics.Split('\n').Where(l => l.StartsWith(series, StringComparison.Ordinal) && labels.All(Labels(l).Contains))
            .Select(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)).Sum();

    private static HashSet<string> Labels(string line) =>
        LabelPattern().Matches(line[(line.IndexOf('{') + 1)..line.LastIndexOf('}')]).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("[a-z_]+=\"[^\"]*\"")]
    private static partial Regex LabelPattern();
}
