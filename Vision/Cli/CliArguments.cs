using System.Globalization;

namespace Ledger.Vision.Cli;

/// <summary>Positional arguments and <c>--name value</c> options of one CLI invocation.</summary>
internal sealed class CliArguments
{
    private static readonly HashSet<string> KnownOptions = ["--pack", "--detector", "--threshold", "--margin", "--gallery", "--exclude", "--alignment", "--no-fallback"];

    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    /// <summary>Splits <paramref name="args"/>; throws <see cref="CliUsageException"/> on an unknown or valueless option.</summary>
    public static CliArguments Parse(IEnumerable<string> args)
    {
        var parsed = new CliArguments();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                parsed.Positional.Add(arg);
                continue;
            }
            if (!KnownOptions.Contains(arg))
                throw new CliUsageException($"unknown option '{arg}'");
            if (!e.MoveNext())
                throw new CliUsageException($"option '{arg}' needs a value");
            parsed._options[arg] = e.Current;
        }
        return parsed;
    }

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public float? FloatOption(string name)
    {
        var text = Option(name);
        if (text is null)
            return null;
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value) || value < 0)
            throw new CliUsageException($"option '{name}' needs a non-negative number, got '{text}'");
        return value;
    }
}

/// <summary>Bad command-line usage: the message is printed with the usage text.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
