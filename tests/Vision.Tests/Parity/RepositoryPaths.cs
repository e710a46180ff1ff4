namespace Ledger.Vision.Tests.Parity;

/// <summary>Where the repository, the shared face images and the model pack are, seen from a test run.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The shared test faces live next to the repository, never inside it.</summary>
    public static string Faces => Path.GetFullPath(Path.Combine(Root, "..", "shared", "faces"));

    public static string ModelPack => Path.Combine(Root, ".models", "pack");

    public static string ReferenceFixtures => Path.Combine(Root, "tests", "Vision.Tests", "Reference", "fixtures");

    /// <summary>The model pack folder, or a failure that says how to build it.</summary>
    public static string RequireModelPack()
    {
        if (!File.Exists(Path.Combine(ModelPack, "manifest.json")))
            throw new InvalidOperationException(
                $"The model pack is missing ({ModelPack}/manifest.json). Run scripts/models.sh from the repository root first.");
        return ModelPack;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ledger.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"Ledger.sln not found above {AppContext.BaseDirectory}");
    }
}
