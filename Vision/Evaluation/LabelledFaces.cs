namespace Ledger.Vision.Evaluation;

/// <summary>One labelled image of a test set.</summary>
/// <param name="Identity">Who it shows (the folder name).</param>
/// <param name="Path">The image file.</param>
public sealed record LabelledImage(string Identity, string Path);

/// <summary>Reads a labelled face set laid out as <c>DIR/&lt;identity&gt;/&lt;image&gt;</c> (e.g. <c>../shared/faces</c>).</summary>
public static class LabelledFaces
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".webp"];

    /// <summary>
    /// Every image one folder down, identities and files in ordinal order. Folders named in
    /// <paramref name="exclude"/> (e.g. <c>groups</c>) are skipped.
    /// </summary>
    public static IReadOnlyList<LabelledImage> Load(string directory, params string[] exclude)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Face set folder '{directory}' does not exist.");
        return Directory.GetDirectories(directory)
            .Where(d => !exclude.Contains(System.IO.Path.GetFileName(d), StringComparer.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d)
                .Where(f => Extensions.Contains(System.IO.Path.GetExtension(f).ToLowerInvariant()))
                .Order(StringComparer.Ordinal)
                .Select(f => new LabelledImage(System.IO.Path.GetFileName(d), f)))
            .ToList();
    }
}
