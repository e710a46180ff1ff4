using System.Text.RegularExpressions;
using Ledger.Cli;

namespace Ledger.Api.Tests.Docs;

/// <summary>
/// Every example of docs/CLI.md and docs/AUDIT.md runs as written (#16): the built executable in a process of its own,
/// as a user runs it, on <see cref="CliExampleLedger"/>; it must end with the documented exit code and print the
/// documented first lines (stdout when it exits 0, stderr otherwise). An example the runner cannot read fails
/// <see cref="Every_example_in_the_docs_can_be_read"/>, and a command of the verb table without an example fails
/// <see cref="Every_command_of_the_verb_table_has_an_example"/>: neither can rot unnoticed.
/// </summary>
public sealed class CliExamplesTests(CliExampleLedger ledger) : IClassFixture<CliExampleLedger>
{
    /// <summary>One case per example, named by where it is written and what it runs.</summary>
    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        foreach (var example in DocumentedExamples.Read().Examples) data.Add(example.Where, example.Command);
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_prints_and_exits_as_documented(string where, string command)
    {
        var example = Assert.Single(DocumentedExamples.Read().Examples, e => e.Where == where && e.Command == command);

        var args = example.Arguments.Select(a => CliExample.Expand(a, ledger.Values));
        var (code, stdout, stderr) = await LedgerProcess.RunAsync(args, ledger.WorkingDirectory, ledger.Environment);

        var run = $"{where}: $ {command}\nexit {code}\n--- stdout\n{stdout}--- stderr\n{stderr}";
        Assert.True(code == example.ExitCode, $"documented exit {example.ExitCode}\n{run}");
        var mismatch = example.Mismatch(code == 0 ? stdout : stderr, ledger.Values);
        Assert.True(mismatch is null, $"{mismatch}\n\n{run}");
    }

    [Fact]
    public void Every_example_in_the_docs_can_be_read()
    {
        var (examples, problems) = DocumentedExamples.Read();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.NotEmpty(examples);
    }

    [Fact]
    public void Every_command_of_the_verb_table_has_an_example()
    {
        var table = VerbTable(File.ReadAllText(Path.Combine(DocumentedExamples.DocsDirectory, "CLI.md")));
        var examples = DocumentedExamples.Read().Examples;

        // The table itself lists every verb the executable answers to (help aside).
        Assert.Equal(LedgerCommandLine.Verbs.Where(v => v != "help" && !v.StartsWith('-')).Order(), table.Keys.Order());
        var missing = table.SelectMany(row => row.Value.Select(command => $"{row.Key} {command}"))
            .Where(command => !examples.Any(e => string.Join(' ', e.Arguments.Take(2)) == command))
            .ToList();
        Assert.True(missing.Count == 0, "no example of: " + string.Join(", ", missing));
    }

    /// <summary>The verbs of docs/CLI.md's table and the commands of each: the first word of each `...` in the
    /// commands column, alternatives written <c>a\|b</c> counting one each.</summary>
    private static Dictionary<string, List<string>> VerbTable(string markdown)
    {
        var table = new Dictionary<string, List<string>>();
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = Regex.Split(line, @"(?<!\\)\|");
            if (cells.Length < 4 || Regex.Match(cells[1].Trim(), "^`([a-z-]+)`$") is not { Success: true } verb) continue;
            table[verb.Groups[1].Value] = Regex.Matches(cells[2], "`([^`]+)`")
                .Select(m => m.Groups[1].Value.Split(' ')[0])
                .SelectMany(word => word.Split(@"\|"))
                .Where(word => Regex.IsMatch(word, "^[a-z][a-z-]*$")) // not options, settings or figures in the prose
                .ToList();
        }
        return table;
    }
}
