namespace Ledger.Terminal.Cli;

/// <summary>The arguments of <c>ledger-terminal sign</c>, each given once.</summary>
public sealed record SignOptions(string KeyFile, Uri Url, string Method, string? IdempotencyKey, string? BodyFile, bool NoBody, bool Curl)
{
    public static SignOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "sign") throw new UsageError(args.Length == 0 ? "say what to do: sign" : $"unknown command '{args[0]}'");
        var values = new Dictionary<string, string>();
        var flags = new HashSet<string>();
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--curl" or "--no-body")
            {
                if (!flags.Add(name)) throw new UsageError($"{name} is given twice");
                continue;
            }
            if (name is not ("--key-file" or "--url" or "--method" or "--idempotency-key" or "--body-file")) throw new UsageError($"unknown option '{name}'");
            if (i + 1 >= args.Length) throw new UsageError($"{name} needs a value");
            if (!values.TryAdd(name, args[++i])) throw new UsageError($"{name} is given twice");
        }
        var keyFile = values.GetValueOrDefault("--key-file") ?? throw new UsageError("--key-file is required");
        var url = values.GetValueOrDefault("--url") ?? throw new UsageError("--url is required");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new UsageError($"--url must be an absolute http or https URL, not '{url}'");
        var key = values.GetValueOrDefault("--idempotency-key");
        if (key is not null && (key.Length is 0 or > 255 || key.Any(c => c is < '!' or > '~')))
            throw new UsageError("--idempotency-key is 1 to 255 visible ASCII characters");
        if (flags.Contains("--no-body") && values.ContainsKey("--body-file")) throw new UsageError("--no-body and --body-file exclude each other");
        return new SignOptions(keyFile, uri, (values.GetValueOrDefault("--method") ?? "POST").ToUpperInvariant(), key,
            values.GetValueOrDefault("--body-file"), flags.Contains("--no-body"), flags.Contains("--curl"));
    }
}
