namespace Ledger.Terminal.Tests.Vectors;

/// <summary>
/// The test vectors as docs/TERMINALS.md publishes them for vendors: every fenced <c>text</c> block whose first line is
/// <c>vector: NAME</c>, read as <c>field: value</c> lines. Read from the document itself, so that the tests (here and in
/// tests/Api.Tests, against the service) check what vendors read and it cannot drift.
/// </summary>
public static class DocumentedVectors
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> All = new(Read);

    public static IReadOnlyDictionary<string, string> Of(string name) =>
        All.Value.TryGetValue(name, out var vector) ? vector : throw new InvalidOperationException($"docs/TERMINALS.md has no vector '{name}'.");

    public static IReadOnlyCollection<string> Names => All.Value.Keys.ToList();

    public static string Document => Path.Combine(RepositoryRoot(), "docs", "TERMINALS.md");

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Read()
    {
        var vectors = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        var lines = File.ReadAllLines(Document);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i] != "```text" || i + 1 >= lines.Length || !lines[i + 1].StartsWith("vector: ", StringComparison.Ordinal)) continue;
            var fields = new Dictionary<string, string>();
            for (i++; lines[i] != "```"; i++)
            {
                var colon = lines[i].IndexOf(':');
                if (colon <= 0) throw new FormatException($"docs/TERMINALS.md line {i + 1}: a vector line is 'field: value'.");
                fields.Add(lines[i][..colon], Unescape(lines[i][(colon + 1)..].Trim()));
            }
            vectors.Add(fields["vector"], fields);
        }
        return vectors;
    }

    /// <summary>Strings to sign hold line breaks; the document shows them as \n.</summary>
    private static string Unescape(string value) => value.Replace("\\n", "\n", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ledger.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Ledger.sln not found above {AppContext.BaseDirectory}");
    }
}
