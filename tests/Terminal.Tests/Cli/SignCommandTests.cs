using System.Text;
using Ledger.Terminal.Cli;
using Ledger.Terminal.Signing;

namespace Ledger.Terminal.Tests.Cli;

/// <summary><c>ledger-terminal sign</c>: the headers curl sends for the README tour (TourTests runs it against the service).</summary>
public sealed class SignCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ledger-terminal-").FullName;

    private string File(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string Out, string Err) Run(string stdin, params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var exit = SignCommand.Run(args, new StringReader(stdin), o, e);
        return (exit, o.ToString(), e.ToString());
    }

    [Theory]
    [InlineData("{\"terminalId\":\"b8421bfd-6415-8501-8d5b-ec7691d3506d\",\"keyId\":\"tk_1\",\"secret\":\"s3cret\",\"oldKeysValidUntil\":\"2027-01-01T00:00:00Z\"}")]
    [InlineData("{\"terminalId\":\"b8421bfd-6415-8501-8d5b-ec7691d3506d\",\"key\":{\"keyId\":\"tk_1\",\"secret\":\"s3cret\"}}")]
    public void It_prints_the_signature_headers_of_the_body_for_the_url_host_and_path(string keyFile)
    {
        var body = "{\"amount\":\"1.00\"}";
        var (exit, output, _) = Run(body, "sign", "--key-file", File("key.json", keyFile), "--url", "http://127.0.0.1:5080/v1/payments?x=1",
            "--idempotency-key", "tour-pay-1");

        var headers = output.Trim().Split('\n').Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = RequestSignature.Hmac("s3cret", RequestSignature.StringToSign("POST", "127.0.0.1:5080", "/v1/payments?x=1", "application/json",
            "tour-pay-1", long.Parse(headers["X-Timestamp"]), headers["X-Nonce"], Encoding.UTF8.GetBytes(body)));
        Assert.Equal(0, exit);
        Assert.Equal(["X-Terminal-Key", "X-Timestamp", "X-Nonce", "X-Signature"], headers.Keys);
        Assert.Equal(("tk_1", "v2=" + expected), (headers["X-Terminal-Key"], headers["X-Signature"]));
    }

    [Fact]
    public void With_curl_it_prints_curl_config_lines_and_reads_the_body_from_a_file()
    {
        var (exit, output, _) = Run("", "sign", "--key-file", File("k.json", "{\"keyId\":\"tk_1\",\"secret\":\"s\"}"), "--url", "https://ledger.example.com/v1/payments",
            "--body-file", File("body.json", "{}"), "--curl");

        Assert.Equal(0, exit);
        Assert.All(output.Trim().Split('\n'), line => Assert.Matches("^header = \"X-[A-Za-z-]+: [!-~]+\"$", line));
    }

    [Theory]
    [InlineData("exit 2: no command")]
    [InlineData("exit 2: verify", "verify")]
    [InlineData("exit 2: --key-file is required", "sign", "--url", "http://h/")]
    [InlineData("exit 2: --url must be", "sign", "--key-file", "k", "--url", "ftp://h/")]
    [InlineData("exit 2: --url is given twice", "sign", "--key-file", "k", "--url", "http://h/", "--url", "http://h/")]
    [InlineData("exit 2: --idempotency-key is", "sign", "--key-file", "k", "--url", "http://h/", "--idempotency-key", "a b")]
    [InlineData("exit 2: unknown option '--secret'", "sign", "--secret", "s")]
    [InlineData("exit 1: ", "sign", "--key-file", "/nonexistent/key.json", "--url", "http://h/")]
    public void Bad_usage_says_what_is_wrong_and_prints_nothing_to_send(string expected, params string[] args)
    {
        var (exit, output, error) = Run("{}", args);

        var (code, message) = (expected[5] - '0', expected[8..]);
        Assert.Equal(code, exit);
        Assert.Empty(output);
        Assert.Contains("error: " + message.Replace("no command", "say what to do").Replace("verify", "unknown command 'verify'"), error);
    }

    [Fact]
    public void A_key_file_without_the_secret_is_refused_with_why()
    {
        var (exit, output, error) = Run("{}", "sign", "--key-file", File("k.json", "{\"terminalId\":\"x\",\"keyId\":\"tk_1\"}"), "--url", "http://h/");

        Assert.Equal((1, ""), (exit, output));
        Assert.Contains("holds no secret", error);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
