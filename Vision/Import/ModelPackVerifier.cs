namespace Ledger.Vision.Import;

/// <summary>Checks a model pack's files against the SHA-256 recorded in its manifest.</summary>
public static class ModelPackVerifier
{
    /// <summary>Returns the problems found; an empty list means every model file is present and intact.</summary>
    public static IReadOnlyList<string> Verify(string packDirectory)
    {
        ModelPackManifest manifest;
        try
        {
            manifest = ModelPackManifest.Load(packDirectory);
        }
        catch (ModelImportException e)
        {
            return [e.Message];
        }
        var problems = new List<string>();
        if (manifest.Source.Version != FaceApiNetworks.PackageVersion)
            problems.Add($"pack built from {manifest.Source.Package}@{manifest.Source.Version}, expected {FaceApiNetworks.PackageVersion}");
        foreach (var model in manifest.Models)
        {
            var path = Path.Combine(packDirectory, model.File);
            if (!File.Exists(path))
                problems.Add($"{model.Id}: {path} is missing");
            else if (ModelImporter.Sha256(File.ReadAllBytes(path)) != model.Sha256)
                problems.Add($"{model.Id}: {path} does not match the SHA-256 in the manifest");
        }
        return problems;
    }
}
