using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Docs;

/// <summary>
/// The README's tour as its reader sees it: the bash block after <c>&lt;!-- tour --&gt;</c>, and the lines that state
/// an answer (<c># → STATUS ...</c>). Read here on its own, not through scripts/tour.sh, so that a test can hold the
/// script's transcript to the README rather than to the script's own reading of it.
/// </summary>
internal static class ReadmeTour
{
    public const string Marker = "<!-- tour -->";

    /// <summary>README line numbers (1-based) of the tour's lines that state an answer, with what they state.</summary>
    public static IReadOnlyList<(int Line, string Stated)> StatedAnswers()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "README.md"));
        var tour = Array.IndexOf(lines, Marker);
        Assert.True(tour >= 0, $"README.md has no {Marker}");
        var open = Array.IndexOf(lines, "```bash", tour);
        var close = Array.IndexOf(lines, "```", open + 1);
        Assert.True(open > tour && close > open, "README.md has no closed ```bash block after the tour marker");
        return Enumerable.Range(open + 1, close - open - 1)
            .Select(i => (Line: i + 1, Text: lines[i]))
            .Where(l => l.Text.Contains("# → ", StringComparison.Ordinal))
            .Select(l => (l.Line, l.Text[(l.Text.LastIndexOf("# → ", StringComparison.Ordinal) + 4)..].Trim()))
            .ToList();
    }
}
