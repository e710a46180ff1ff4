using System.Buffers.Binary;
using System.Text;

namespace Ledger.Vision.Onnx;

/// <summary>
/// Protocol Buffers wire format, just the parts an ONNX model needs. Written by hand so that the output
/// depends only on the order we write fields in: no maps, no reflection, byte-for-byte reproducible.
/// </summary>
internal sealed class ProtoWriter
{
    private const int VarintWire = 0;
    private const int Fixed32Wire = 5;
    private const int LengthDelimitedWire = 2;

    private readonly MemoryStream _buffer = new();

    public byte[] ToArray() => _buffer.ToArray();

    public void Int64(int field, long value)
    {
        Tag(field, VarintWire);
        Varint(unchecked((ulong)value));
    }

    public void Float(int field, float value)
    {
        Tag(field, Fixed32Wire);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimitedWire);
        Varint((ulong)value.Length);
        _buffer.Write(value);
    }

    public void Message(int field, Action<ProtoWriter> writeBody)
    {
        var body = new ProtoWriter();
        writeBody(body);
        Bytes(field, body._buffer.GetBuffer().AsSpan(0, (int)body._buffer.Length));
    }

    /// <summary>Packed repeated int64 (proto3 default for scalar repeated fields).</summary>
    public void PackedInt64(int field, IReadOnlyList<long> values)
    {
        var body = new ProtoWriter();
        foreach (var value in values)
            body.Varint(unchecked((ulong)value));
        Bytes(field, body._buffer.GetBuffer().AsSpan(0, (int)body._buffer.Length));
    }

    /// <summary>Packed repeated float.</summary>
    public void PackedFloat(int field, IReadOnlyList<float> values)
    {
        var bytes = new byte[values.Count * 4];
        for (var i = 0; i < values.Count; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        Bytes(field, bytes);
    }

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}
