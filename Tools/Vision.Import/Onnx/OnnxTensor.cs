namespace Ledger.Vision.Onnx;

/// <summary>ONNX TensorProto.DataType values used by the importer.</summary>
internal enum OnnxDataType
{
    Float = 1,
    Int64 = 7,
}

/// <summary>A constant (initializer) of the graph, stored little-endian in <c>raw_data</c>.</summary>
internal sealed record OnnxTensor(string Name, OnnxDataType DataType, IReadOnlyList<long> Dims, byte[] RawData)
{
    public static OnnxTensor Floats(string name, IReadOnlyList<long> dims, ReadOnlySpan<float> values)
    {
        var count = dims.Aggregate(1L, (a, b) => a * b);
        if (count != values.Length)
            throw new ArgumentException($"tensor {name}: {values.Length} values for shape [{string.Join(",", dims)}]");
        var raw = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
        return new OnnxTensor(name, OnnxDataType.Float, dims, raw);
    }

    public static OnnxTensor Int64s(string name, params long[] values) => Int64s(name, [values.Length], values);

    public static OnnxTensor Int64s(string name, IReadOnlyList<long> dims, long[] values)
    {
        if (dims.Aggregate(1L, (a, b) => a * b) != values.Length)
            throw new ArgumentException($"tensor {name}: {values.Length} values for shape [{string.Join(",", dims)}]");
        var raw = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), values[i]);
        return new OnnxTensor(name, OnnxDataType.Int64, dims, raw);
    }
}

/// <summary>One dimension of a graph input or output: a fixed size or a named free dimension.</summary>
internal readonly record struct OnnxDim(long Value, string? Param)
{
    public static implicit operator OnnxDim(long value) => new(value, null);

    public static implicit operator OnnxDim(string param) => new(0, param);

    /// <summary>-1 for a free dimension, as the pack manifest writes shapes.</summary>
    public long ManifestValue => Param is null ? Value : -1;
}

/// <summary>A typed graph input or output (float32 only: every network here takes and gives floats).</summary>
internal sealed record OnnxValueInfo(string Name, IReadOnlyList<OnnxDim> Shape);

internal sealed record OnnxNode(string Name, string OpType, IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs, IReadOnlyList<OnnxAttribute> Attributes);
