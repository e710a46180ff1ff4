using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Vision.Inference;

/// <summary>
/// How a model pack's <c>manifest.json</c> is spelled: one set of conventions for the importer that writes it
/// (the tools project <c>Tools/Vision.Import</c>) and the runtime that reads it (<see cref="ModelPack"/>).
/// </summary>
public static class ModelPackJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Keep '+' in versions readable ("1.7.15+onnx.1"); the file is never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
