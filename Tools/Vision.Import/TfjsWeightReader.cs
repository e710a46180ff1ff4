using System.Buffers.Binary;

namespace Ledger.Vision.Import;

/// <summary>
/// Reads a tfjs weights manifest and its shards into dequantised float tensors. Follows tfjs-core's
/// <c>decodeWeights</c>: uint8/uint16 values become <c>(float)(q * scale + min)</c> computed in double,
/// float16 halves are widened, int32 tensors quantised to uint8/uint16 are rounded (JS Math.round).
/// Unlike tfjs, the shard sizes are checked against the manifest before anything is decoded.
/// </summary>
internal static class TfjsWeightReader
{
    public static WeightMap Read(string manifestPath, string networkName)
    {
        if (!File.Exists(manifestPath))
            throw new ModelImportException($"{networkName}: weights manifest {manifestPath} not found");
        var manifest = TfjsWeightsManifest.Parse(File.ReadAllText(manifestPath), manifestPath);
        return Read(manifest, Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, networkName);
    }

    /// <summary>Reads the shards of <paramref name="manifest"/> from <paramref name="folder"/> (a graph model embeds its manifest).</summary>
    public static WeightMap Read(TfjsWeightsManifest manifest, string folder, string networkName)
    {
        var tensors = new List<WeightTensor>();
        foreach (var group in manifest.Groups)
        {
            var bytes = ReadShards(folder, group, networkName);
            var offset = 0;
            foreach (var entry in group.Weights)
            {
                tensors.Add(Decode(entry, bytes, ref offset, networkName));
            }
        }
        return new WeightMap(networkName, tensors);
    }

    private static byte[] ReadShards(string folder, TfjsWeightGroup group, string networkName)
    {
        var expected = group.Weights.Sum(w => (long)ElementCount(w, networkName) * StoredBytesPerElement(w, networkName));
        var shards = new List<byte[]>();
        foreach (var relative in group.Paths)
        {
            var path = Path.Combine(folder, relative);
            if (!File.Exists(path))
                throw new ModelImportException($"{networkName}: weight shard {relative} not found in {folder}");
            shards.Add(File.ReadAllBytes(path));
        }
        var actual = shards.Sum(s => (long)s.Length);
        if (actual != expected)
            throw new ModelImportException(
                $"{networkName}: shards [{string.Join(", ", group.Paths)}] hold {actual} bytes, the manifest describes {expected} bytes");
        return shards.SelectMany(s => s).ToArray();
    }

    private static WeightTensor Decode(TfjsWeightEntry entry, byte[] bytes, ref int offset, string networkName)
    {
        var count = ElementCount(entry, networkName);
        var width = StoredBytesPerElement(entry, networkName);
        var span = bytes.AsSpan(offset, count * width);
        offset += count * width;
        var values = new float[count];
        var q = entry.Quantization;

        if (q is null)
        {
            for (var i = 0; i < count; i++)
                values[i] = entry.Dtype == "float32"
                    ? BinaryPrimitives.ReadSingleLittleEndian(span[(i * 4)..])
                    : BinaryPrimitives.ReadInt32LittleEndian(span[(i * 4)..]);
        }
        else if (q.Dtype == "float16")
        {
            for (var i = 0; i < count; i++)
                values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(span[(i * 2)..]);
        }
        else
        {
            var scale = q.Scale ?? throw new ModelImportException($"{networkName}: weight {entry.Name} is quantised without a scale");
            var min = q.Min ?? throw new ModelImportException($"{networkName}: weight {entry.Name} is quantised without a min");
            for (var i = 0; i < count; i++)
            {
                double stored = q.Dtype == "uint8" ? span[i] : BinaryPrimitives.ReadUInt16LittleEndian(span[(i * 2)..]);
                var value = stored * scale + min;
                values[i] = entry.Dtype == "int32" ? (float)Math.Floor(value + 0.5) : (float)value;
            }
        }
        return new WeightTensor(entry.Name, entry.Shape, values);
    }

    private static int ElementCount(TfjsWeightEntry entry, string networkName)
    {
        long count = 1;
        foreach (var dim in entry.Shape)
        {
            if (dim < 0)
                throw new ModelImportException($"{networkName}: weight {entry.Name} has a negative dimension");
            count *= dim;
        }
        if (count > int.MaxValue / 4)
            throw new ModelImportException($"{networkName}: weight {entry.Name} is too large");
        return (int)count;
    }

    /// <summary>Bytes per element in the shard; also where unsupported dtypes are rejected.</summary>
    private static int StoredBytesPerElement(TfjsWeightEntry entry, string networkName)
    {
        if (entry.Dtype is not ("float32" or "int32"))
            throw new ModelImportException(
                $"{networkName}: weight {entry.Name} has dtype '{entry.Dtype}'; the importer reads float32 and int32 only");
        return entry.Quantization?.Dtype switch
        {
            null => 4,
            "uint8" => 1,
            "uint16" => 2,
            "float16" when entry.Dtype == "float32" => 2,
            var other => throw new ModelImportException(
                $"{networkName}: weight {entry.Name} has quantization dtype '{other}' for {entry.Dtype}; supported: uint8, uint16, float16 (float32 only)"),
        };
    }
}
