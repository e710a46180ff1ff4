using System.Text;
using Ledger.Terminal.Signing;

namespace Ledger.Terminal.Cli;

/// <summary>
/// <c>ledger-terminal sign</c>: the four signature headers of one request (docs/TERMINALS.md), for curl. The key comes from
/// the JSON the service answered when it issued it (registration: <c>{terminalId, key: {keyId, secret}}</c>; rotation:
/// <c>{terminalId, keyId, secret}</c>), so the secret never appears on a command line. Exit 2 on bad arguments.
/// </summary>
public static class SignCommand
{
    public const string Usage = """
        usage: ledger-terminal sign --key-file FILE --url URL [--method POST] [--idempotency-key KEY]
                                    [--body-file FILE | --no-body] [--curl]
          --key-file         the JSON the service answered with the key (keyId and secret, or key.keyId and key.secret)
          --url              where the request goes: its host and path?query are signed
          --method           default POST
          --idempotency-key  as sent in Idempotency-Key (signed; none: empty)
          --body-file        the body exactly as sent (default: read from standard input), content type application/json
          --no-body          a request without a body (no content type)
          --curl             print curl config lines (header = "...") for curl -K, instead of "Name: value" lines
        """;

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var options = SignOptions.Parse(args);
            var terminal = KeyFile.Read(options.KeyFile);
            var body = options.NoBody ? [] : options.BodyFile is { } file ? File.ReadAllBytes(file) : Encoding.UTF8.GetBytes(stdin.ReadToEnd());
            var headers = RequestSignature.Sign(terminal, options.Method, options.Url.Authority, options.Url.PathAndQuery,
                options.NoBody ? "" : Payments.PreparedRequest.ContentType, options.IdempotencyKey, body, DateTimeOffset.UtcNow);
            foreach (var (name, value) in headers.All)
                stdout.WriteLine(options.Curl ? $"header = \"{name}: {value}\"" : $"{name}: {value}");
            return 0;
        }
        catch (UsageError e)
        {
            stderr.WriteLine($"error: {e.Message}");
            stderr.WriteLine(Usage);
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}

public sealed class UsageError(string message) : Exception(message);
