namespace Ledger.Api.Tests.Support;

/// <summary>The checkout the tests were built from: the folder above the test binaries that holds Ledger.sln.</summary>
internal static class RepositoryRoot
{
    public static readonly string Path = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Ledger.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"Ledger.sln not found above {AppContext.BaseDirectory}");
    }
}
