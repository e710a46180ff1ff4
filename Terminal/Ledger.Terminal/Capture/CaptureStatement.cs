using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Security.Cryptography;

namespace Ledger.Terminal.Capture;

/// <summary>A model the camera module ran (on-device templates): its id and the SHA-256 of its file.</summary>
public sealed record ModelDigest(string Id, byte[] Sha256);

/// <summary>
/// What the camera module vouches for (docs/PAD.md): this capture, for this challenge's nonce, this terminal, amount and
/// currency, at this time, with this counter (above every counter the key signed before). It covers either the frames
/// as sent (SHA-256 of each file's bytes) or an on-device template (SHA-256 of its little-endian float32 values).
/// </summary>
/// <param name="Liveness">The head movement the challenge asked for (<c>turn_left</c>, <c>turn_right</c>), if it asked.</param>
public sealed record CaptureStatement(Guid TerminalId, string Nonce, DateTimeOffset At, long Counter, long AmountMinor, string Currency,
    IReadOnlyList<byte[]> FrameSha256, byte[]? TemplateSha256 = null, string? Liveness = null, IReadOnlyList<ModelDigest>? Models = null)
{
    /// <summary>A statement over frames (one image, or a live challenge's frames in the order taken).</summary>
    public static CaptureStatement ForFrames(Guid terminalId, string nonce, DateTimeOffset at, long counter, Amount amount,
        IEnumerable<byte[]> frames, string? liveness = null) =>
        new(terminalId, nonce, at, counter, amount.Minor, amount.Currency, frames.Select(f => SHA256.HashData(f)).ToList(), null, liveness);

    /// <summary>A statement over an on-device template computed by <paramref name="models"/>.</summary>
    public static CaptureStatement ForTemplate(Guid terminalId, string nonce, DateTimeOffset at, long counter, Amount amount,
        float[] template, IReadOnlyList<ModelDigest> models) =>
        new(terminalId, nonce, at, counter, amount.Minor, amount.Currency, [], TemplateDigest(template), null, models);

    /// <summary>SHA-256 of the template's values as little-endian float32.</summary>
    public static byte[] TemplateDigest(float[] template)
    {
        var bytes = new byte[template.Length * 4];
        for (var i = 0; i < template.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), template[i]);
        return SHA256.HashData(bytes);
    }

    /// <summary>
    /// The payload: a deterministic CBOR map (RFC 8949 §4.2.1, keys sorted by length, then bytewise) with text keys v (1),
    /// terminal (UUID text), nonce, at (unix seconds), counter, amount (minor units), currency, frames (array of byte
    /// strings) or template (byte string), liveness (if any) and models (array of {id, sha256}, may be empty).
    /// </summary>
    public byte[] Payload()
    {
        // Canonical mode sorts the keys as the service requires; the order written here is for reading.
        var w = new CborWriter(CborConformanceMode.Canonical);
        w.WriteStartMap(9 + (Liveness is null ? 0 : 1));
        w.WriteTextString("v"); w.WriteInt32(1);
        w.WriteTextString("terminal"); w.WriteTextString(TerminalId.ToString("D"));
        w.WriteTextString("nonce"); w.WriteTextString(Nonce);
        w.WriteTextString("at"); w.WriteInt64(At.ToUnixTimeSeconds());
        w.WriteTextString("counter"); w.WriteInt64(Counter);
        w.WriteTextString("amount"); w.WriteInt64(AmountMinor);
        w.WriteTextString("currency"); w.WriteTextString(Currency);
        if (TemplateSha256 is { } template)
        {
            w.WriteTextString("template"); w.WriteByteString(template);
        }
        else
        {
            w.WriteTextString("frames");
            w.WriteStartArray(FrameSha256.Count);
            foreach (var frame in FrameSha256) w.WriteByteString(frame);
            w.WriteEndArray();
        }
        if (Liveness is not null)
        {
            w.WriteTextString("liveness"); w.WriteTextString(Liveness);
        }
        w.WriteTextString("models");
        w.WriteStartArray(Models?.Count ?? 0);
        foreach (var model in Models ?? [])
        {
            w.WriteStartMap(2);
            w.WriteTextString("id"); w.WriteTextString(model.Id);
            w.WriteTextString("sha256"); w.WriteByteString(model.Sha256);
            w.WriteEndMap();
        }
        w.WriteEndArray();
        w.WriteEndMap();
        return w.Encode();
    }

    /// <summary>The statement signed by the device key: COSE_Sign1 bytes (send them base64 as <c>statement</c>).</summary>
    public byte[] Sign(DeviceKey key) => CoseSign1.Sign(key, Payload());

    public string SignBase64(DeviceKey key) => Convert.ToBase64String(Sign(key));
}
