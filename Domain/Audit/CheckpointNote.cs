using System.Security.Cryptography;
using System.Text;

namespace Ledger.Domain.Audit;

/// <summary>
/// A checkpoint in the form transparency-log tools read (C2SP <c>tlog-checkpoint</c> in a C2SP <c>signed-note</c>):
/// the body is the log's origin, the tree size in decimal and the base64 Merkle root, one per line; the signature
/// line is an em dash, the key name (the origin), and base64 of the key hash (4 bytes) followed by the Ed25519
/// signature of the body. The root is the same RFC 6962 root the checkpoint statement signs, so a witness that
/// speaks this form can check and cosign our checkpoints without knowing our formats.
/// </summary>
public static class CheckpointNote
{
    /// <summary>The note's signature type for Ed25519 (C2SP signed-note).</summary>
    private const byte Ed25519Type = 0x01;

    /// <summary>An origin: a schema-less URL-like name, printable ASCII without spaces or '+', as C2SP asks.</summary>
    public static bool IsValidOrigin(string? origin) =>
        origin is { Length: > 0 and <= 255 } && origin.All(c => c is > ' ' and < (char)127 and not '+');

    /// <summary>The signed text: origin, size and base64 root, each ending in a newline.</summary>
    public static string Body(string origin, long size, ReadOnlySpan<byte> root) =>
        $"{origin}\n{size}\n{Convert.ToBase64String(root)}\n";

    /// <summary>The first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key): which key signed a line.</summary>
    public static byte[] KeyHash(string name, ReadOnlySpan<byte> publicKey)
    {
        var input = new byte[Encoding.UTF8.GetByteCount(name) + 2 + publicKey.Length];
        var at = Encoding.UTF8.GetBytes(name, input);
        input[at] = (byte)'\n';
        input[at + 1] = Ed25519Type;
        publicKey.CopyTo(input.AsSpan(at + 2));
        return SHA256.HashData(input)[..4];
    }

    /// <summary>The note: body, a blank line, and the signature line of the key named <paramref name="origin"/>.</summary>
    public static string Text(string origin, long size, ReadOnlySpan<byte> root, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signature) =>
        Body(origin, size, root) + "\n" + $"\u2014 {origin} {Convert.ToBase64String([.. KeyHash(origin, publicKey), .. signature])}\n";
}
