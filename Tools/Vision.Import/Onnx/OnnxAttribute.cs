namespace Ledger.Vision.Onnx;

/// <summary>A node attribute; only the kinds our graphs use (ONNX AttributeProto.AttributeType values).</summary>
internal sealed record OnnxAttribute(string Name, OnnxAttributeKind Kind, float Float = 0, long Int = 0,
    IReadOnlyList<long>? Ints = null, string? Text = null)
{
    public static OnnxAttribute Of(string name, float value) => new(name, OnnxAttributeKind.Float, Float: value);

    public static OnnxAttribute Of(string name, long value) => new(name, OnnxAttributeKind.Int, Int: value);

    public static OnnxAttribute Of(string name, params long[] values) => new(name, OnnxAttributeKind.Ints, Ints: values);

    public static OnnxAttribute Of(string name, string value) => new(name, OnnxAttributeKind.String, Text: value);
}

internal enum OnnxAttributeKind
{
    Float = 1,
    Int = 2,
    String = 3,
    Ints = 7,
}
