using System.Text.RegularExpressions;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Diagnostics;

/// <summary>
/// The alert rules in docker/prometheus and the dashboard in docker/grafana: valid for Prometheus (`promtool check rules`), firing on the series their unit
/// tests give and quiet on the normal ones (`promtool test rules`), and naming only signals docs/OPERATIONS.md
/// documents (whose presence on /metrics <see cref="MetricsTests"/> shows), so a renamed metric cannot leave a rule
/// that never fires.
/// </summary>
public sealed partial class AlertRulesTests
{
    private static string Rules => Path.Combine(RepositoryRoot.Path, "docker", "prometheus");

    [Theory]
    [InlineData("check rules alerts.yml")]
    [InlineData("test rules alerts.test.yml")]
    [InlineData("check config --syntax-only prometheus.yml")]
    public async Task Promtool_accepts_the_rules_their_unit_tests_and_the_scrape_configuration(string arguments)
    {
        var (code, stdout, stderr) = await ChildProcess.RunAsync("promtool", arguments.Split(' '), Rules, []);
        Assert.True(code == 0, $"promtool {arguments}: exit {code}\n{stdout}\n{stderr}");
    }

    [Theory]
    [InlineData("prometheus/alerts.yml")]
    [InlineData("grafana/ledger-dashboard.json")]
    public void Every_metric_a_rule_or_a_panel_reads_is_a_documented_signal(string file)
    {
        var documented = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "OPERATIONS.md"));
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docker", file));
        var read = MetricName().Matches(text).Select(m => m.Groups["name"].Value).ToHashSet();

        Assert.Contains("ledger_audit_chain_lag", read); // the pattern finds what the file reads
        Assert.All(read, name => Assert.True(documented.Contains($"`{name}", StringComparison.Ordinal),
            $"{name} is read by {file} but not a signal in docs/OPERATIONS.md"));
    }

    // A series name before its selector; histogram series are documented under the histogram's name.
    [GeneratedRegex(@"\b(?<name>(?:ledger|http_server)_[a-z_]+?)(?:_bucket|_count|_sum)?\{")]
    private static partial Regex MetricName();
}
