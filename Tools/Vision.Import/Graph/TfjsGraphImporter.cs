using Ledger.Vision.Onnx;

namespace Ledger.Vision.Import.Graph;

/// <summary>
/// Opens a tfjs graph model (<c>model.json</c> + its weight shards beside it) and converts it into an ONNX
/// graph. The reader beside the layers importer: the layers networks need a hand-written architecture,
/// a graph model carries its own.
/// </summary>
internal static class TfjsGraphImporter
{
    /// <exception cref="ModelImportException">The file is missing or damaged, a weight is missing, or a node uses an op the converter does not know.</exception>
    public static OnnxGraph Convert(string modelJsonPath, GraphImportSpec spec)
    {
        var model = TfjsGraphModel.Load(modelJsonPath);
        var weights = TfjsWeightReader.Read(model.Weights, Path.GetDirectoryName(Path.GetFullPath(modelJsonPath))!, spec.GraphName);
        return TfjsGraphConverter.Convert(model, weights, spec);
    }
}
