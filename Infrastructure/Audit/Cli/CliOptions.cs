using System.Globalization;

namespace Ledger.Infrastructure.Audit.Cli;

/// <summary>Bad command-line usage: the message is printed with the usage text and the exit code is 2.</summary>
public sealed class CliUsageError(string message) : Exception(message);

/// <summary>Positional arguments and <c>--name value</c> options (repeatable), parsed strictly: unknown options are errors.</summary>
internal sealed class CliOptions
{
    private readonly Dictionary<string, List<string>> _options = [];
    public List<string> Positional { get; } = [];

    public static CliOptions Parse(IEnumerable<string> args, string[] valued, string[] flags)
    {
        var parsed = new CliOptions();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                parsed.Positional.Add(arg);
                continue;
            }
            if (flags.Contains(arg))
            {
                parsed.Add(arg, "true");
                continue;
            }
            if (!valued.Contains(arg)) throw new CliUsageError($"unknown option '{arg}'");
            if (!e.MoveNext() || e.Current.StartsWith("--", StringComparison.Ordinal)) throw new CliUsageError($"'{arg}' needs a value");
            parsed.Add(arg, e.Current);
        }
        return parsed;
    }

    private void Add(string name, string value)
    {
        if (!_options.TryGetValue(name, out var values)) _options[name] = values = [];
        values.Add(value);
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public IReadOnlyList<string> All(string name) => _options.TryGetValue(name, out var v) ? v : [];

    public string? One(string name) => All(name) switch
    {
        [] => null,
        [var single] => single,
        _ => throw new CliUsageError($"'{name}' given more than once"),
    };

    public DateTimeOffset? Timestamp(string name) => One(name) is not { } text ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at
        : throw new CliUsageError($"'{name}' takes an ISO 8601 timestamp such as 2026-11-25T18:00:00Z, not '{text}'");

    public static Guid Id(string text, string what) =>
        Guid.TryParse(text, out var id) ? id : throw new CliUsageError($"{what} must be a UUID, not '{text}'");
}
