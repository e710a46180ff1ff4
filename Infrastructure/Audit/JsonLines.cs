using System.Buffers;
using System.Text.Json;

namespace Ledger.Infrastructure.Audit;

/// <summary>Writes one compact JSON document per line to a stream, reusing one buffer.</summary>
internal sealed class JsonLines(Stream output)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer = new(Stream.Null, new JsonWriterOptions
    {
        SkipValidation = true,
        // Base64 keys and signatures stay readable ('+' not an escape); the file is data, never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public Utf8JsonWriter Start()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        return _writer;
    }

    public void End()
    {
        _writer.Flush();
        output.Write(_buffer.WrittenSpan);
        output.WriteByte((byte)'\n');
    }

    public void Write(Action<Utf8JsonWriter> line)
    {
        line(Start());
        End();
    }
}
