using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Ledger.Cli;

/// <summary>
/// Options and arguments whose bad values are usage errors in the operator's words (exit 2), never a
/// conversion exception: each parser adds an error and returns a default.
/// </summary>
internal static class CliValues
{
    public const string TimestampExample = "2026-11-25T18:00:00Z";

    public static Argument<Guid> Uuid(string name, string what) => new(name)
    {
        Description = what,
        CustomParser = r => ParseUuid(r, r.Tokens[0].Value, what),
    };

    public static Option<Guid?> OptionalUuid(string name, string what) => new(name)
    {
        Description = what,
        HelpName = "ID",
        CustomParser = r => ParseUuid(r, r.Tokens[0].Value, name),
    };

    public static Option<List<Guid>> Uuids(string name, string what) => new(name)
    {
        Description = what,
        HelpName = "ID",
        CustomParser = r => r.Tokens.Select(t => ParseUuid(r, t.Value, name)).ToList(),
    };

    public static Option<DateTimeOffset?> Timestamp(string name, string what) => new(name)
    {
        Description = $"{what} (ISO 8601, UTC when no offset is given)",
        HelpName = "TIME",
        CustomParser = r =>
        {
            var text = r.Tokens[0].Value;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                return at;
            r.AddError($"{name} takes an ISO 8601 timestamp such as {TimestampExample}, not '{text}'");
            return null;
        },
    };

    public static Option<long?> PositiveWhole(string name, string what) => new(name)
    {
        Description = what,
        HelpName = "N",
        CustomParser = r =>
        {
            var text = r.Tokens[0].Value;
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) return n;
            r.AddError($"{name} takes a positive whole number, not '{text}'");
            return null;
        },
    };

    public static Argument<FileInfo> ExistingFile(string name, string what) => new(name)
    {
        Description = what,
        CustomParser = r => MustExist(r, r.Tokens[0].Value),
    };

    public static Option<FileInfo?> ExistingFileOption(string name, string what) => new(name)
    {
        Description = what,
        HelpName = "FILE",
        CustomParser = r => MustExist(r, r.Tokens[0].Value),
    };

    /// <summary>
    /// A rule across options. It runs even when one of them failed to parse; reading that one throws,
    /// and its own error already says what is wrong.
    /// </summary>
    public static void Rule(Command command, Action<CommandResult> rule) => command.Validators.Add(result =>
    {
        try { rule(result); }
        catch (InvalidOperationException) { }
    });

    private static Guid ParseUuid(ArgumentResult r, string text, string what)
    {
        if (Guid.TryParse(text, out var id)) return id;
        r.AddError($"{what} must be a UUID, not '{text}'");
        return Guid.Empty;
    }

    private static FileInfo MustExist(ArgumentResult r, string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists) r.AddError($"no such file '{path}'");
        return file;
    }
}
