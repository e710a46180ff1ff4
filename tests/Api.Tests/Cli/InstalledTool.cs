using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Cli;

/// <summary>
/// The README's way to get the tool: <c>dotnet pack Cli</c>, <c>dotnet tool install --tool-path</c>, then <c>ledger</c>
/// as a command of its own. Packed from this run's own build of the tool (no second build), installed through a NuGet
/// cache of its own, so that a cached older package cannot stand in for the one just packed.
/// </summary>
public sealed class InstalledTool : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("ledger-tool-").FullName;

    public async Task InitializeAsync()
    {
        var packages = Path.Combine(_root, "packages");
        await SucceedsAsync("dotnet", ["pack", Path.Combine(RepositoryRoot.Path, "Cli", "Cli.csproj"), "-c", Configuration, "--no-build", "--no-restore",
            "-o", packages, "--nologo"]);
        Assert.True(File.Exists(Path.Combine(packages, "Ledger.Cli.1.0.0.nupkg")), "dotnet pack wrote Ledger.Cli.1.0.0.nupkg");
        await SucceedsAsync("dotnet", ["tool", "install", "Ledger.Cli", "--version", "1.0.0", "--add-source", packages,
            "--tool-path", Path.Combine(_root, "tools")]);
    }

    /// <summary>The installed <c>ledger</c> command, run from the repository root.</summary>
    public Task<(int Code, string Out, string Err)> RunAsync(params string[] args) =>
        ChildProcess.RunAsync(Path.Combine(_root, "tools", "ledger"), args, RepositoryRoot.Path, Environment());

    /// <summary>The build the test project references: Debug or Release, as this assembly was built.</summary>
    private static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private async Task SucceedsAsync(string program, string[] args)
    {
        var (code, stdout, stderr) = await ChildProcess.RunAsync(program, args, _root, Environment());
        Assert.True(code == 0, $"{program} {string.Join(' ', args)}: exit {code}\n{stdout}\n{stderr}");
    }

    private Dictionary<string, string?> Environment() => new()
    {
        ["NUGET_PACKAGES"] = Path.Combine(_root, "nuget"),
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
