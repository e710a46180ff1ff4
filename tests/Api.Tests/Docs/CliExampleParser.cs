using System.Text;
using System.Text.RegularExpressions;

namespace Ledger.Api.Tests.Docs;

/// <summary>
/// Reads the examples out of a Markdown file (the format is explained once, in docs/CLI.md "Examples"), and says
/// what it cannot read: an example that does not parse, or a ledger command outside a <c>console</c> block, would
/// otherwise go untested and rot without anyone noticing.
/// </summary>
internal static partial class CliExampleParser
{
    public static (IReadOnlyList<CliExample> Examples, IReadOnlyList<string> Problems) Parse(string doc, string markdown, IReadOnlySet<string> placeholders)
    {
        var examples = new List<CliExample>();
        var problems = new List<string>();
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                fence = fence is null ? line[3..].Trim() : null;
                continue;
            }
            if (fence is null) continue;
            if (fence != "console")
            {
                if (RunsLedger().IsMatch(line))
                    problems.Add($"{doc}:{i + 1}: a ledger command in a '{fence}' block is never run; write it as a console example");
                continue;
            }
            if (line.Length == 0) continue;
            if (!line.StartsWith("$ ", StringComparison.Ordinal))
            {
                problems.Add($"{doc}:{i + 1}: output with no command above it: {line}");
                continue;
            }
            var output = new List<string>();
            while (i + 1 < lines.Length && lines[i + 1].Length > 0 && !lines[i + 1].StartsWith("$ ", StringComparison.Ordinal) && !lines[i + 1].StartsWith("```", StringComparison.Ordinal))
                output.Add(lines[++i]);
            var at = i + 1 - output.Count;
            if (Read(doc, at, line, output, placeholders, problems) is { } example) examples.Add(example);
        }
        if (fence is not null) problems.Add($"{doc}: a code block is never closed");
        return (examples, problems);
    }

    private static CliExample? Read(string doc, int line, string text, List<string> output, IReadOnlySet<string> placeholders, List<string> problems)
    {
        var where = $"{doc}:{line}";
        var match = CommandLine().Match(text);
        if (!match.Success)
        {
            problems.Add($"{where}: not '$ ledger ARGS  # exit N': {text}");
            return null;
        }
        if (output.Count == 0) problems.Add($"{where}: no output line under the command");
        foreach (var name in new[] { match.Groups["args"].Value }.Concat(output).SelectMany(CliExample.PlaceholdersIn).Where(n => !placeholders.Contains(n)))
            problems.Add($"{where}: unknown placeholder ${name} (known: {string.Join(", ", placeholders.Select(p => "$" + p))})");
        if (Words(match.Groups["args"].Value) is not { } words)
        {
            problems.Add($"{where}: an unclosed quote: {text}");
            return null;
        }
        if (words.Count == 0 || !Ledger.Cli.LedgerCommandLine.Verbs.Contains(words[0]))
        {
            // The executable runs as the service when its first word is not a verb: such an "example" would never end.
            problems.Add($"{where}: '{words.FirstOrDefault()}' is not a verb of the tool; it would start the service");
            return null;
        }
        if (output.Count == 0) return null;
        return new CliExample(doc, line, "ledger" + match.Groups["args"].Value, words, int.Parse(match.Groups["code"].Value), output);
    }

    /// <summary>The words of a command line as a POSIX shell splits them (quotes; no escapes or expansions but $NAME).</summary>
    private static List<string>? Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is { } q)
            {
                if (c == q) quote = null;
                else word.Append(c);
            }
            else if (c is '"' or '\'') (quote, inWord) = (c, true);
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (quote is not null) return null;
        if (inWord) words.Add(word.ToString());
        return words;
    }

    // The exit code is a shell comment, so the line can be pasted into a shell as it is.
    [GeneratedRegex(@"^\$ ledger(?<args>(\s.*?)?)\s+# exit (?<code>[0-9]+)$")]
    private static partial Regex CommandLine();

    // The ways the docs spell the tool: `ledger` (installed), from a checkout `dotnet run --project Cli --`.
    [GeneratedRegex(@"^\s*(\$\s+)?(ledger\s|dotnet run --project Cli --)")]
    private static partial Regex RunsLedger();
}
