using System.Text.RegularExpressions;

namespace Ledger.Api.Tests.Docs;

/// <summary>
/// One example of a <c>console</c> block in the docs (format: docs/CLI.md, "Examples"): the words after
/// <c>ledger</c>, the exit code it documents, and the first lines it prints (on stdout when it exits 0, else on
/// stderr), where <c>…</c> stands for any text and <c>$NAME</c> for a value of the examples' ledger.
/// </summary>
internal sealed partial record CliExample(string Doc, int Line, string Command, IReadOnlyList<string> Arguments, int ExitCode, IReadOnlyList<string> Output)
{
    /// <summary>Where it is written, e.g. <c>CLI.md:88</c>: the test case's name.</summary>
    public string Where => $"{Doc}:{Line}";

    public const string AnyText = "…";

    /// <summary>The placeholders a text names, without the <c>$</c>.</summary>
    public static IEnumerable<string> PlaceholdersIn(string text) => Placeholder().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>Every <c>$NAME</c> of <paramref name="text"/> replaced by its value.</summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(text, m => values[m.Groups[1].Value]);

    /// <summary>
    /// The documented output lines, in order, against the first lines printed: each must match as a whole line
    /// (trailing spaces aside: tables pad their cells), with <c>…</c> matching any run of characters. Blank lines (a
    /// table's top border) and progress lines (<c>verify: 25%</c>, which long commands write to stderr now and then
    /// when it is not a terminal, as many as the machine is slow) are left out. Returns what differs, or null.
    /// </summary>
    public string? Mismatch(string printed, IReadOnlyDictionary<string, string> values)
    {
        var lines = printed.ReplaceLineEndings("\n").Split('\n').Where(line => line.Trim().Length > 0 && !Progress().IsMatch(line)).ToArray();
        for (var i = 0; i < Output.Count; i++)
        {
            var actual = i < lines.Length ? lines[i].TrimEnd() : null;
            if (actual is null || !LinePattern(Output[i], values).IsMatch(actual))
                return $"line {i + 1}: documented\n  {Output[i]}\nprinted\n  {actual ?? "(nothing)"}";
        }
        return null;
    }

    private static Regex LinePattern(string documented, IReadOnlyDictionary<string, string> values)
    {
        var literal = string.Join(".*", documented.TrimEnd().Split(AnyText).Select(part => Regex.Escape(Expand(part, values))));
        return new Regex($"^{literal}$", RegexOptions.CultureInvariant);
    }

    [GeneratedRegex(@"^[\w .()-]+: [0-9]+%$")]
    private static partial Regex Progress();

    [GeneratedRegex(@"\$([A-Z][A-Z_]*)")]
    private static partial Regex Placeholder();
}
