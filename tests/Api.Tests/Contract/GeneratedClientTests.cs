using System.Net.Http.Json;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Contract;

/// <summary>
/// A client generated from the document the service serves works against the service: Kiota (the pinned local tool,
/// .config/dotnet-tools.json) writes a C# client from /openapi/v1.json, `dotnet build` compiles it with
/// tests/GeneratedClient/OperatorFlow.cs, and that flow (open a wallet, top it up, register a terminal; the auditor reads
/// the trial balance and the wallet's state) runs through the generated code against this fixture's service.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GeneratedClientTests(ApiFixture api)
{
    [Fact]
    public async Task A_kiota_client_generated_from_the_served_document_drives_an_operator_flow_and_an_auditor_read()
    {
        var folder = Directory.CreateTempSubdirectory("ledger-generated-client-");
        try
        {
            var project = Path.Combine(folder.FullName, "GeneratedClient");
            CopyProject(project, folder.FullName);
            var document = Path.Combine(folder.FullName, "openapi.json");
            await File.WriteAllTextAsync(document, await api.AnonymousClient.GetStringAsync("/openapi/v1.json"));

            await RunAsync("dotnet", ["tool", "run", "kiota", "generate", "--language", "CSharp", "--openapi", document,
                "--output", Path.Combine(project, "Generated"), "--class-name", "LedgerClient", "--namespace-name", "Ledger.Generated",
                "--exclude-backward-compatible", "--log-level", "Warning"], againWhen: KiotaRegexTimedOut);
            var output = Path.Combine(folder.FullName, "out");
            await RunAsync("dotnet", ["build", project, "-c", "Release", "-o", output, "--nologo", "-v", "quiet", "-clp:NoSummary"]);

            var flow = await RunFlowAsync(Path.Combine(output, "Ledger.GeneratedClient.dll"));

            var lines = flow.Split('\n');
            Assert.Matches(@"^opened [0-9a-f-]{36} active 0\.00$", lines[0]);
            Assert.Equal("topped-up 25.50 EUR", lines[1]);
            Assert.Matches(@"^registered [0-9a-f-]{36} active key=tk_[0-9a-f]{32} secret-shown=True$", lines[2]);
            Assert.Equal("trial-balance EUR unbalanced=0 sum=0", lines[3]);
            var walletId = lines[0].Split(' ')[1];
            Assert.Equal($"audit-state wallet {walletId} version=2", lines[4]);
            // What the generated client did is what the service holds.
            var wallet = await api.Client.GetFromJsonAsync<JsonElement>($"/v1/wallets/{walletId}");
            Assert.Equal("25.50", wallet.GetProperty("balance").GetProperty("amount").GetString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The project, and the repository's build settings and pinned package versions it builds with.</summary>
    private static void CopyProject(string project, string root)
    {
        Directory.CreateDirectory(project);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "tests", "GeneratedClient"))
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(project, Path.GetFileName(file)));
        foreach (var props in new[] { "Directory.Build.props", "Directory.Packages.props" })
            File.Copy(Path.Combine(RepositoryRoot.Path, props), Path.Combine(root, props));
    }

    /// <summary>
    /// Kiota gives each of its regular expressions a time limit; on a machine busy with the other suites a match can
    /// run out of it, and the generation fails on a document it generates from at other times. Only that failure is run
    /// again, at most twice: any other failure, or a third timeout, fails the test.
    /// </summary>
    private const string KiotaRegexTimedOut = "The Regex engine has timed out";

    private const int Attempts = 3;

    private static async Task RunAsync(string program, string[] arguments, string? againWhen = null)
    {
        // Not the test host's MSBuild settings (dotnet test sets some): the build must find the SDK as a shell would.
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(n => n.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || n.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            .Select(n => new KeyValuePair<string, string?>(n, null))
            .Append(new("DOTNET_CLI_TELEMETRY_OPTOUT", "1")).Append(new("DOTNET_NOLOGO", "1"));
        for (var attempt = 1; ; attempt++)
        {
            var (code, output, errors) = await ChildProcess.RunAsync(program, arguments, RepositoryRoot.Path, environment);
            if (code != 0 && attempt < Attempts && againWhen is not null && (output + errors).Contains(againWhen, StringComparison.Ordinal))
                continue;
            Assert.True(code == 0, $"{program} {string.Join(' ', arguments)} exited {code} (attempt {attempt}):\n{output}\n{errors}");
            return;
        }
    }

    /// <summary>Loads the built client on its own (with its Kiota libraries) and runs OperatorFlow with this fixture's clients.</summary>
    private async Task<string> RunFlowAsync(string assemblyPath)
    {
        var context = new AssemblyLoadContext("generated-client", isCollectible: true);
        var folder = Path.GetDirectoryName(assemblyPath)!;
        context.Resolving += (alc, name) =>
            File.Exists(Path.Combine(folder, name.Name + ".dll")) ? alc.LoadFromAssemblyPath(Path.Combine(folder, name.Name + ".dll")) : null;
        try
        {
            var run = context.LoadFromAssemblyPath(assemblyPath).GetType("Ledger.GeneratedClient.OperatorFlow", throwOnError: true)!
                .GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static)!;
            return await (Task<string>)run.Invoke(null, [api.Client, api.AuditorClient])!;
        }
        finally
        {
            context.Unload();
        }
    }
}
