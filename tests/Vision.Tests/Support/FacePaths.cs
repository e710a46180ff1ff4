namespace Ledger.Vision.Tests.Support;

/// <summary>The repository root, the shared faces next to it, and the model pack, seen from a test run.</summary>
internal static class FacePaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The shared test faces live next to the repository, never inside it.</summary>
    public static string Faces => Path.GetFullPath(Path.Combine(Root, "..", "shared", "faces"));

    public static string ModelPack => Path.Combine(Root, ".models", "pack");

    public static string NpmWeights => Path.Combine(Root, ".models", "npm", "node_modules", "@vladmandic", "face-api", "model");

    public static string NpmHumanModels => Path.Combine(Root, ".models", "npm", "node_modules", "@vladmandic", "human", "models");

    public static readonly string[] People = ["amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart"];

    /// <summary>The 40 crops as (person, path), people in alphabetical order, images 1..5.</summary>
    public static IEnumerable<(string Person, string Path)> Crops() =>
        People.SelectMany(p => Enumerable.Range(1, 5).Select(i => (p, System.IO.Path.Combine(Faces, p, $"{i}.png"))));

    public static string Group(string name) => Path.Combine(Faces, "groups", name + ".jpg");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ledger.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"Ledger.sln not found above {AppContext.BaseDirectory}");
    }
}
