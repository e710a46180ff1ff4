namespace Ledger.Vision.Inference;

/// <summary>Identity of one loaded network, recorded with every result so a decision can be traced to exact weights.</summary>
/// <param name="Id">Model id from the pack manifest, e.g. <c>face_recognition</c>.</param>
/// <param name="Version">Version from the manifest (the source package version).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the ONNX file, computed when it was loaded.</param>
/// <param name="Path">Where the ONNX file was read from.</param>
public sealed record ModelInfo(string Id, string Version, string Sha256, string Path)
{
    /// <summary><c>id@version</c>: what templates are tagged with; descriptors of different keys are never compared.</summary>
    public string Key => $"{Id}@{Version}";
}
