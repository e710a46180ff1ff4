using System.Buffers.Text;
using System.Text;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Cli;

/// <summary>`ledger device code`: the customer's phone for tours and tests, checked against the device written from the docs.</summary>
public sealed class DeviceCommandLineTests : IDisposable
{
    private static readonly byte[] RfcKey = Encoding.ASCII.GetBytes("12345678901234567890123456789012");
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"ledger-device-{Guid.NewGuid():N}.key");

    public DeviceCommandLineTests() => File.WriteAllText(_keyFile, Base64Url.EncodeToString(RfcKey) + "\n");

    public void Dispose() => File.Delete(_keyFile);

    [Fact]
    public async Task The_code_at_a_time_is_the_rfc_6238_sha256_code_in_the_payment_code_layout()
    {
        var (code, output, _) = await CommandLine.RunAsync(null, "device", "code", "--credential", "123456789012", "--key-file", _keyFile,
            "--at", "1970-01-01T00:00:59Z");

        Assert.Equal(0, code);
        // RFC 6238 Appendix B, SHA-256 at T = 59: 46119246.
        Assert.Equal(new CustomerDevice("123456789012", RfcKey).Show("46119246"), output.Trim());
        Assert.StartsWith("8112345678901246119246", output);
    }

    [Theory]
    [InlineData("12345", "12-digit")]
    [InlineData("12345678901x", "12-digit")]
    public async Task A_credential_that_is_not_twelve_digits_is_refused_with_exit_1(string credential, string message)
    {
        var (code, output, error) = await CommandLine.RunAsync(null, "device", "code", "--credential", credential, "--key-file", _keyFile);

        Assert.Equal((1, ""), (code, output));
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task A_key_file_of_the_wrong_size_is_refused_with_exit_1()
    {
        await File.WriteAllTextAsync(_keyFile, Base64Url.EncodeToString(new byte[16]));

        var (code, _, error) = await CommandLine.RunAsync(null, "device", "code", "--credential", "123456789012", "--key-file", _keyFile);

        Assert.Equal(1, code);
        Assert.Contains("32", error);
    }

    [Fact]
    public async Task Without_a_key_file_it_is_a_usage_error()
    {
        CommandLine.AssertUsageError(await CommandLine.RunAsync(null, "device", "code", "--credential", "123456789012"), "device code",
            "Option '--key-file' is required");
    }
}
