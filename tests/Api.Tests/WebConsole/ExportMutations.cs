using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>
/// Every small edit of an export a forger, a broken copy or a careless tool could make: each line removed, duplicated
/// or swapped with the next; each member of each line (and of each record, its data and the signed statement) changed,
/// emptied or given a neighbour; the file's line endings, first bytes and end changed. Two verifiers that agree on all
/// of them agree on far more than a hand-picked list. Deterministic, so a disagreement names a reproducible file.
/// </summary>
internal static class ExportMutations
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEnumerable<(string Name, string Text)> Of(string export)
    {
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string Join(IEnumerable<string> l) => string.Join('\n', l) + "\n";

        yield return ("crlf endings", Join(lines).Replace("\n", "\r\n"));
        yield return ("no final newline", Join(lines).TrimEnd('\n'));
        yield return ("byte order mark", "\ufeff" + Join(lines));
        yield return ("blank first line", "\n" + Join(lines));
        yield return ("blank lines between", string.Join("\n\n", lines) + "\n");
        yield return ("last line cut in half", Join(lines[..^1]) + lines[^1][..(lines[^1].Length / 2)]);
        yield return ("empty file", "");
        yield return ("not json", "this is not an export\n");

        for (var i = 0; i < lines.Length; i++)
        {
            yield return ($"line {i + 1} removed", Join(lines.Where((_, k) => k != i)));
            yield return ($"line {i + 1} twice", Join(lines.Take(i + 1).Append(lines[i]).Concat(lines.Skip(i + 1))));
            if (i + 1 < lines.Length)
                yield return ($"lines {i + 1} and {i + 2} swapped", Join([.. lines[..i], lines[i + 1], lines[i], .. lines[(i + 2)..]]));
            foreach (var (what, edited) in Edits(JsonNode.Parse(lines[i])!.AsObject()))
                yield return ($"line {i + 1}: {what}", Join([.. lines[..i], edited.ToJsonString(Compact), .. lines[(i + 1)..]]));
        }
    }

    /// <summary>Each member of the line edited, one at a time, down into the record, its data and the signed statement.</summary>
    private static IEnumerable<(string What, JsonObject Line)> Edits(JsonObject line)
    {
        foreach (var (path, edit) in Paths(line, ""))
            yield return (path, edit);
        yield return ("a member added", With(line, l => l["note"] = "x"));
        if (line["statement"] is JsonValue statement && statement.TryGetValue<string>(out var text) && text.StartsWith('{'))
            foreach (var (path, edited) in Paths(JsonNode.Parse(text)!.AsObject(), "statement."))
                yield return (path, With(line, l => l["statement"] = edited.ToJsonString(Compact)));
    }

    /// <summary>For every member under <paramref name="root"/>: a copy of the root with that member changed.</summary>
    private static IEnumerable<(string Path, JsonObject Root)> Paths(JsonObject root, string prefix)
    {
        foreach (var name in root.Select(p => p.Key).ToList())
        {
            if (prefix.Length == 0 && name == "kind") continue;
            foreach (var (change, value) in Changes(root[name]))
                yield return ($"{prefix}{name} {change}", With(root, r => r[name] = value));
            if (root[name] is JsonObject inner && prefix.Split('.').Length < 4)
                foreach (var (path, edited) in Paths(inner, $"{prefix}{name}."))
                    yield return (path, With(root, r => r[name] = edited));
        }
    }

    private static IEnumerable<(string Change, JsonNode? Value)> Changes(JsonNode? value)
    {
        switch (value)
        {
            case null:
                yield return ("null → text", "x");
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n):
                yield return ("+1", n + 1);
                yield return ("-1", n - 1);
                yield return ("as text", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var s = v.GetValue<string>();
                if (s.Length > 0) yield return ("last character changed", s[..^1] + (s[^1] == '0' ? '1' : '0'));
                if (s.Length > 0) yield return ("upper case", s.ToUpperInvariant());
                yield return ("emptied", "");
                yield return ("null", null);
                break;
            case JsonArray a:
                if (a.Count > 0) yield return ("last item removed", new JsonArray([.. a.Take(a.Count - 1).Select(x => x?.DeepClone())]));
                yield return ("an item added", new JsonArray([.. a.Select(x => x?.DeepClone()), new string('0', 64)]));
                break;
            case JsonObject:
                yield return ("replaced by null", null);
                break;
            default:
                yield return ("replaced by text", "x");
                break;
        }
    }

    private static JsonObject With(JsonObject original, Action<JsonObject> edit)
    {
        var copy = original.DeepClone().AsObject();
        edit(copy);
        return copy;
    }
}
