using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Contract;

/// <summary>
/// The document the service serves passes Redocly's lint under the repository's ruleset (redocly.yaml: the recommended
/// rules, nothing relaxed without a reason written there), with the pinned @redocly/cli that set-up installs
/// (scripts/contract-tools.sh). Any error or warning fails, with Redocly's own report.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ContractLintTests(ApiFixture api)
{
    private static readonly string Redocly = Path.Combine(RepositoryRoot.Path, ".tools", "redocly", "node_modules", ".bin", "redocly");

    [Fact]
    public async Task The_served_document_passes_the_lint_with_no_error_and_no_warning()
    {
        Assert.True(File.Exists(Redocly), $"{Redocly} is missing: run scripts/setup.sh (scripts/contract-tools.sh installs it)");
        var folder = Directory.CreateTempSubdirectory("ledger-contract-");
        try
        {
            var document = Path.Combine(folder.FullName, "openapi.json");
            // As a deployment serves it: the document names the server it was asked on (the test host's default is localhost).
            using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json") { Headers = { Host = "ledger.example.org" } };
            await File.WriteAllTextAsync(document, await (await api.AnonymousClient.SendAsync(request)).EnsureSuccessStatusCode().Content.ReadAsStringAsync());

            var (code, output, errors) = await ChildProcess.RunAsync(Redocly,
                ["lint", document, "--config", Path.Combine(RepositoryRoot.Path, "redocly.yaml"), "--format", "json", "--max-problems", "500"],
                RepositoryRoot.Path, [new("REDOCLY_TELEMETRY", "off"), new("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true"), new("NO_COLOR", "1")]);

            Assert.True(output.TrimStart().StartsWith('{'), $"redocly lint exited {code} without a report:\n{errors}");
            var report = System.Text.Json.JsonDocument.Parse(output).RootElement;
            var totals = report.GetProperty("totals");
            var problems = string.Join("\n", report.GetProperty("problems").EnumerateArray().Select(p =>
                $"{p.GetProperty("severity")} {p.GetProperty("ruleId")}: {p.GetProperty("message")} at {p.GetProperty("location")[0].GetProperty("pointer")}"));
            Assert.Equal("2.77.0", report.GetProperty("version").GetString());
            Assert.True(totals.GetProperty("errors").GetInt32() == 0 && totals.GetProperty("warnings").GetInt32() == 0,
                $"redocly lint (exit {code}): {totals}\n{problems}");
            Assert.Equal(0, code);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
