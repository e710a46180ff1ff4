using System.Text;
using Ledger.Domain.Audit;
using NSec.Cryptography;

namespace Ledger.Domain.Tests.Audit;

public sealed class CheckpointNoteTests
{
    // The example key and note of the Go module checksum database's note package (golang.org/x/mod/sumdb/note),
    // which defines the signed-note format C2SP adopted: an outside vector for the key hash and what is signed.
    private const string ExampleName = "PeterNeumann";
    private const string ExampleKey = "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string ExampleText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string ExampleSignature = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";

    [Fact]
    public void The_key_hash_is_the_one_the_signed_note_format_gives_its_example_key()
    {
        var key = Convert.FromBase64String(ExampleKey);
        Assert.Equal(0x01, key[0]);

        Assert.Equal("c74f20a3", Convert.ToHexStringLower(CheckpointNote.KeyHash(ExampleName, key[1..])));
    }

    [Fact]
    public void A_note_signature_is_the_key_hash_and_the_Ed25519_signature_of_the_text_with_its_last_newline()
    {
        var key = PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromBase64String(ExampleKey)[1..], KeyBlobFormat.RawPublicKey);
        var signature = Convert.FromBase64String(ExampleSignature);

        Assert.Equal(CheckpointNote.KeyHash(ExampleName, key.Export(KeyBlobFormat.RawPublicKey)), signature[..4]);
        Assert.True(SignatureAlgorithm.Ed25519.Verify(key, Encoding.UTF8.GetBytes(ExampleText), signature[4..]));
    }

    [Fact]
    public void A_checkpoint_note_is_origin_size_and_base64_root_then_a_blank_line_and_the_signature_line()
    {
        var root = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var publicKey = new byte[32];
        var signature = Enumerable.Repeat((byte)0xab, 64).ToArray();

        var text = CheckpointNote.Text("ledger.example/test", 11, root, publicKey, signature);

        var lines = text.Split('\n');
        Assert.Equal(["ledger.example/test", "11", Convert.ToBase64String(root), "", lines[4], ""], lines);
        Assert.StartsWith("\u2014 ledger.example/test ", lines[4]);
        var blob = Convert.FromBase64String(lines[4].Split(' ')[2]);
        Assert.Equal([.. CheckpointNote.KeyHash("ledger.example/test", publicKey), .. signature], blob);
        Assert.Equal("ledger.example/test\n11\n" + Convert.ToBase64String(root) + "\n", CheckpointNote.Body("ledger.example/test", 11, root));
    }

    [Theory]
    [InlineData("ledger.example.com/production", true)]
    [InlineData("ledger.local/dev-0a1b2c3d4e5f", true)]
    [InlineData("", false)]
    [InlineData("ledger example", false)]
    [InlineData("ledger+prod", false)]
    [InlineData("ledger\nprod", false)]
    [InlineData("lédger", false)]
    public void An_origin_is_printable_ASCII_without_spaces_or_plus(string origin, bool valid)
    {
        Assert.Equal(valid, CheckpointNote.IsValidOrigin(origin));
    }
}
