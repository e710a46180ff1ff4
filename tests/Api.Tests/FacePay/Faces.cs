namespace Ledger.Api.Tests.FacePay;

/// <summary>The shared face set next to the repository (../shared/faces), read in place, never copied.</summary>
internal static class Faces
{
    public static readonly string[] People = ["amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart"];

    private static readonly string Root = Support.RepositoryRoot.Path;

    public static string Dir => Path.GetFullPath(Path.Combine(Root, "..", "shared", "faces"));

    public static string ModelPack => Path.Combine(Root, ".models", "pack");

    public static string CropPath(string person, int n) => Path.Combine(Dir, person, $"{n}.png");

    public static string GroupPath(string name) => Path.Combine(Dir, "groups", name + ".jpg");

    public static byte[] Crop(string person, int n) => File.ReadAllBytes(CropPath(person, n));

    public static byte[] Group(string name) => File.ReadAllBytes(GroupPath(name));
}
