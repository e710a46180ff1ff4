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
        if (manifest.Format != ModelPackManifest.CurrentFormat)
            return [$"pack format {manifest.Format}, expected {ModelPackManifest.CurrentFormat}: rebuild it with scripts/models.sh"];
        var pinned = new[] { FaceApiNetworks.Source, HumanNetworks.Source, RecognizerNetworks.Source }.ToDictionary(p => p.Package, p => p.Version);
        var problems = new List<string>();
        foreach (var model in manifest.Models)
        {
            if (model.Source is null || !pinned.TryGetValue(model.Source.Package, out var version))
                problems.Add($"{model.Id}: built from an unknown package {model.Source?.Package}");
            else if (model.Source.Version != version)
                problems.Add($"{model.Id}: built from {model.Source.Package}@{model.Source.Version}, expected {version}");
            var path = Path.Combine(packDirectory, model.File);
            if (!File.Exists(path))
                problems.Add($"{model.Id}: {path} is missing");
            else if (ModelImporter.Sha256(File.ReadAllBytes(path)) != model.Sha256)
                problems.Add($"{model.Id}: {path} does not match the SHA-256 in the manifest");
        }
        return problems;
    }
}
