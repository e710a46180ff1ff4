using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ledger.Domain.Audit;

/// <summary>
/// One text for one JSON value, whoever wrote it: object members sorted by key (ordinal UTF-16, as in
/// RFC 8785), no whitespace, strings escaped minimally (only <c>"</c>, <c>\</c> and control characters,
/// with the short escapes where JSON has them and lowercase <c>\u00xx</c> otherwise), numbers kept as
/// their literal text. PostgreSQL's jsonb already normalises number literals on the way in, so the
/// literal is the stored value; applying this twice gives the same text, which is what lets an
/// exported event be re-hashed offline.
/// </summary>
public static class CanonicalJson
{
    public static string Of(JsonElement value)
    {
        var text = new StringBuilder();
        Write(text, value);
        return text.ToString();
    }

    public static string Of(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Of(document.RootElement);
    }

    public static void Write(StringBuilder text, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = value.EnumerateObject().Select(p => (p.Name, p.Value)).ToList();
                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                text.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0 && members[i].Name == members[i - 1].Name)
                        throw new FormatException($"Duplicate JSON member '{members[i].Name}' has no canonical form.");
                    if (i > 0) text.Append(',');
                    WriteString(text, members[i].Name);
                    text.Append(':');
                    Write(text, members[i].Value);
                }
                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first) text.Append(',');
                    Write(text, item);
                    first = false;
                }
                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(text, value.GetString()!);
                break;
            case JsonValueKind.Number:
                text.Append(value.GetRawText());
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Null:
                text.Append("null");
                break;
            default:
                throw new FormatException($"No canonical form for a JSON {value.ValueKind}.");
        }
    }

    /// <summary>
    /// A flat object of string and whole-number members, in the canonical form signed statements use:
    /// members sorted by name (ordinal), no whitespace, strings escaped as <see cref="WriteString"/> does.
    /// </summary>
    public static string FlatObject(params (string Name, object Value)[] members)
    {
        var text = new StringBuilder(256).Append('{');
        foreach (var (name, value) in members.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            if (text.Length > 1) text.Append(',');
            WriteString(text, name);
            text.Append(':');
            switch (value)
            {
                case string s: WriteString(text, s); break;
                case long n: text.Append(n.ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
                default: throw new ArgumentException($"'{name}' is neither a string nor a whole number", nameof(members));
            }
        }
        return text.Append('}').ToString();
    }

    public static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }
}
