using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Ledger.Domain.FacePay;

/// <summary>
/// What a terminal sent to be compared with enrolled faces: the capture itself, or a template its device computed.
/// Only its SHA-256 is ever recorded (<see cref="Sha256"/>): it proves which capture a decision rested on without
/// keeping a face.
/// </summary>
public abstract record FaceProbe
{
    public abstract string Sha256 { get; }

    public static string DigestOf(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>The capture as the terminal's camera took it (JPEG, PNG or WebP bytes), held in memory for one request.</summary>
public sealed record CapturedFace(byte[] Image) : FaceProbe
{
    public override string Sha256 => DigestOf(Image);
}

/// <summary>A template computed on the terminal by the model <paramref name="ModelId"/>.</summary>
public sealed record DeviceTemplate(string ModelId, float[] Values) : FaceProbe
{
    /// <summary>Of the values as little-endian float32, so the same template always has the same digest.</summary>
    public override string Sha256
    {
        get
        {
            var bytes = new byte[Values.Length * sizeof(float)];
            for (var i = 0; i < Values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), Values[i]);
            return DigestOf(bytes);
        }
    }
}

/// <summary>
/// Frames the terminal took one after another while the shopper moved as the challenge asked (<paramref name="Movement"/>,
/// null when no movement was asked): the first is compared with the enrolled faces, all of them are judged live or not.
/// </summary>
public sealed record CapturedFrames(IReadOnlyList<byte[]> Frames, Capture.HeadMovement? Movement = null) : FaceProbe
{
    public IReadOnlyList<string> FrameSha256 => Frames.Select(f => DigestOf(f)).ToList();

    /// <summary>Of the frames' digests in order: one digest names the whole sequence.</summary>
    public override string Sha256 => DigestOf(System.Text.Encoding.ASCII.GetBytes(string.Join('\n', FrameSha256)));
}
