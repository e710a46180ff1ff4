using System.Buffers.Binary;
using Ledger.Vision.Import;
using Xunit;

namespace Ledger.Vision.Tests.Import;

public sealed class TfjsWeightReaderTests : IDisposable
{
    private readonly TfjsWeightFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Uint8_weights_are_dequantised_as_q_times_scale_plus_min()
    {
        _folder.Write(
            [new { name = "w", shape = new[] { 2, 2 }, dtype = "float32", quantization = new { dtype = "uint8", scale = 0.5, min = -1.0 } }],
            [0, 1, 2, 255]);

        var w = TfjsWeightReader.Read(_folder.ManifestPath, "net").Get("w", 2);

        Assert.Equal([-1f, -0.5f, 0f, 126.5f], w.Values);
        Assert.Equal([2, 2], w.Shape);
    }

    [Fact]
    public void Tensors_are_read_in_manifest_order_across_float32_uint16_float16_and_int32()
    {
        var shard = new byte[4 * 2 + 2 * 2 + 2 * 2 + 1];
        BinaryPrimitives.WriteSingleLittleEndian(shard.AsSpan(0), 1.25f);
        BinaryPrimitives.WriteSingleLittleEndian(shard.AsSpan(4), -3f);
        BinaryPrimitives.WriteUInt16LittleEndian(shard.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt16LittleEndian(shard.AsSpan(10), 1000);
        BinaryPrimitives.WriteHalfLittleEndian(shard.AsSpan(12), (Half)0.5f);
        BinaryPrimitives.WriteHalfLittleEndian(shard.AsSpan(14), (Half)(-2f));
        shard[16] = 3;
        _folder.Write(
            [
                new { name = "raw", shape = new[] { 2 }, dtype = "float32", quantization = (object?)null },
                new { name = "u16", shape = new[] { 2 }, dtype = "float32", quantization = (object?)new { dtype = "uint16", scale = 0.001, min = 1.0 } },
                new { name = "f16", shape = new[] { 2 }, dtype = "float32", quantization = (object?)new { dtype = "float16" } },
                // face-api's SSD stores int32 constants like this; tfjs rounds them.
                new { name = "i32", shape = Array.Empty<int>(), dtype = "int32", quantization = (object?)new { dtype = "uint8", scale = 1.0, min = 6.0 } },
            ],
            shard);

        var weights = TfjsWeightReader.Read(_folder.ManifestPath, "net");

        Assert.Equal(["raw", "u16", "f16", "i32"], weights.Tensors.Select(t => t.Name));
        Assert.Equal([1.25f, -3f], weights.Get("raw", 1).Values);
        Assert.Equal([1f, 2f], weights.Get("u16", 1).Values);
        Assert.Equal([0.5f, -2f], weights.Get("f16", 1).Values);
        Assert.Equal([9f], weights.Get("i32", 0).Values);
    }

    [Fact]
    public void Dequantisation_rounds_the_double_result_to_float_once_as_tfjs_does()
    {
        // A scale and min from face_recognition_model: the value must be float(q * scale + min) in double
        // arithmetic, not float(q) * float(scale) + float(min).
        const double scale = 0.0005260649557207145, min = -0.07101876902229645;
        _folder.Write(
            [new { name = "w", shape = new[] { 1 }, dtype = "float32", quantization = new { dtype = "uint8", scale, min } }],
            [201]);

        var value = TfjsWeightReader.Read(_folder.ManifestPath, "net").Get("w", 1).Values[0];

        Assert.Equal((float)(201 * scale + min), value);
    }

    [Fact]
    public void A_missing_shard_is_reported_by_name()
    {
        _folder.Write([new { name = "w", shape = new[] { 1 }, dtype = "float32" }], new byte[4], paths: ["net.bin", "net-2.bin"]);

        var error = Assert.Throws<ModelImportException>(() => TfjsWeightReader.Read(_folder.ManifestPath, "net"));

        Assert.Contains("net-2.bin not found", error.Message);
    }

    [Fact]
    public void A_shard_of_the_wrong_size_is_rejected_before_decoding()
    {
        _folder.Write([new { name = "w", shape = new[] { 3 }, dtype = "float32" }], new byte[11]);

        var error = Assert.Throws<ModelImportException>(() => TfjsWeightReader.Read(_folder.ManifestPath, "net"));

        Assert.Contains("hold 11 bytes, the manifest describes 12 bytes", error.Message);
    }

    [Theory]
    [InlineData("complex64", null, "dtype 'complex64'")]
    [InlineData("float32", "int4", "quantization dtype 'int4'")]
    [InlineData("int32", "float16", "quantization dtype 'float16'")]
    public void An_unknown_dtype_is_rejected_with_the_weight_name(string dtype, string? quantization, string expected)
    {
        _folder.Write(
            [new { name = "odd", shape = new[] { 1 }, dtype, quantization = quantization is null ? null : new { dtype = quantization, scale = 1.0, min = 0.0 } }],
            new byte[4]);

        var error = Assert.Throws<ModelImportException>(() => TfjsWeightReader.Read(_folder.ManifestPath, "net"));

        Assert.Contains("odd", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_missing_manifest_says_where_it_looked()
    {
        var error = Assert.Throws<ModelImportException>(() => TfjsWeightReader.Read(_folder.ManifestPath, "net"));

        Assert.Contains(_folder.ManifestPath, error.Message);
    }

    [Fact]
    public void A_weight_the_architecture_needs_but_the_manifest_lacks_is_named()
    {
        _folder.Write([new { name = "w", shape = new[] { 1 }, dtype = "float32" }], new byte[4]);
        var weights = TfjsWeightReader.Read(_folder.ManifestPath, "net");

        var missing = Assert.Throws<ModelImportException>(() => weights.Get("conv0/filters", 4));
        var wrongRank = Assert.Throws<ModelImportException>(() => weights.Get("w", 4));

        Assert.Contains("conv0/filters is missing", missing.Message);
        Assert.Contains("rank 1", wrongRank.Message);
    }
}
