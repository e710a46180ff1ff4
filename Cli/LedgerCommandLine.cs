using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Ledger.Cli;

/// <summary>
/// The operator's and auditor's <c>ledger</c> tool. Exit codes, the same for every verb:
/// 0 done (and verified); 1 refused or failed, the reason on stderr; 2 bad usage, what is wrong and the
/// command's help on stderr, with nothing done.
/// </summary>
public static class LedgerCommandLine
{
    /// <summary>The first words the tool answers to: its verbs, <c>help</c> and the help options.</summary>
    public static IReadOnlySet<string> Verbs { get; } = Build(new CliContext(TextWriter.Null, TextWriter.Null, null)).Subcommands
        .Select(c => c.Name).Concat(["help", "--help", "-h", "-?"]).ToHashSet(StringComparer.Ordinal);

    /// <param name="services">The ledger's services; built from configuration on first need when null
    /// (commands that need no database never build them).</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr,
        IServiceProvider? services = null, CancellationToken ct = default)
    {
        await using var cli = new CliContext(stdout, stderr, services);
        var root = Build(cli);
        var words = args.ToArray();
        var parse = root.Parse(words is ["help", .. var rest] ? [.. rest, "--help"] : words);
        if (parse.Action is ParseErrorAction)
            return await UsageErrorAsync(root, parse, stderr);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, ct);
        }
        catch (Exception e) when (CliFailure.Describe(e) is { } reason)
        {
            await stderr.WriteLineAsync($"{CommandPath(parse)}: {reason}");
            return 1;
        }
    }

    private static Command Build(CliContext cli)
    {
        var root = new Command("ledger", "Operator and auditor tool of the Ledger service.")
        {
            AuditCli.Build(cli),
            DatabaseCli.Build(cli),
            ReplayCli.Build(cli),
            ProjectionsCli.Build(cli),
            CredentialsCli.Build(cli),
            VisionCli.Build(cli),
            ModelsCli.Build(cli),
            DeviceCli.Build(cli),
        };
        root.Options.Add(new HelpOption());
        return root;
    }

    private static async Task<int> UsageErrorAsync(Command root, ParseResult parse, TextWriter stderr)
    {
        var path = CommandPath(parse);
        foreach (var error in parse.Errors)
            await stderr.WriteLineAsync($"{path}: {error.Message}");
        await stderr.WriteLineAsync();
        // The failing command's own help, on stderr: stdout stays clean for whatever reads it.
        var words = path.Split(' ').Skip(1).Append("--help").ToArray();
        await root.Parse(words).InvokeAsync(new InvocationConfiguration { Output = stderr, Error = stderr });
        return 2;
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, result.Command.Name);
        return string.Join(' ', names);
    }
}
