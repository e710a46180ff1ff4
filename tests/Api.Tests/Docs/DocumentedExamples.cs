namespace Ledger.Api.Tests.Docs;

/// <summary>The examples of docs/CLI.md and docs/AUDIT.md, read from the checkout the tests were built from.</summary>
internal static class DocumentedExamples
{
    public static readonly string[] Docs = ["CLI.md", "AUDIT.md"];

    public static string DocsDirectory { get; } = Path.Combine(Support.RepositoryRoot.Path, "docs");

    public static (IReadOnlyList<CliExample> Examples, IReadOnlyList<string> Problems) Read()
    {
        var examples = new List<CliExample>();
        var problems = new List<string>();
        foreach (var doc in Docs)
        {
            var (found, wrong) = CliExampleParser.Parse(doc, File.ReadAllText(Path.Combine(DocsDirectory, doc)), CliExampleLedger.Placeholders);
            examples.AddRange(found);
            problems.AddRange(wrong);
        }
        return (examples, problems);
    }
}
