using System.Text.Json;

namespace Ledger.Domain.Audit;

/// <summary>The one check of what a signed or hashed JSON object may hold: exactly these members, each once.</summary>
public static class JsonMembers
{
    /// <exception cref="FormatException">Not an object, or a member that is unknown, missing or repeated; the message names it and <paramref name="what"/>.</exception>
    public static void Exactly(JsonElement e, IReadOnlyCollection<string> members, string what)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new FormatException($"{what} is not an object");
        var names = e.EnumerateObject().Select(p => p.Name).ToList();
        if (names.Count != names.Distinct(StringComparer.Ordinal).Count()) throw new FormatException($"{what}: a member appears twice");
        if (names.Except(members, StringComparer.Ordinal).FirstOrDefault() is { } unknown)
            throw new FormatException($"{what}: unknown member '{unknown}' (covered by no hash or signature)");
        if (members.Except(names, StringComparer.Ordinal).FirstOrDefault() is { } missing) throw new FormatException($"{what}: member '{missing}' is missing");
    }

    /// <summary>A member that must be text: missing, null or another kind of value is not what was signed or hashed.</summary>
    /// <exception cref="FormatException">The member is not a string.</exception>
    public static string Text(JsonElement e, string name) =>
        e.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : throw new FormatException($"member '{name}' is not text");
}
