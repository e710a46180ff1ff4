using System.Text.Json;
using Ledger.Infrastructure.Audit.Replay;

namespace Ledger.Api.WebConsole;

/// <summary>One field of two states side by side: its path (<c>limits.perPayment</c>), its value then and now.</summary>
public sealed record FieldChange(string Path, string? Then, string? Now)
{
    public bool Differs => Then != Now;
}

/// <summary>
/// Two states of an aggregate laid out field by field for people to compare: each state as the audit endpoints write it
/// (<see cref="AuditJson"/>), flattened to paths, so what the page shows is what <c>GET /v1/audit/state</c> answers.
/// </summary>
public static class StateFields
{
    // A state is a handful of fields; a list inside one (face templates, say) is shown up to this many items.
    private const int MaxItems = 50;

    public static IReadOnlyList<FieldChange> Compare(object? then, object? now)
    {
        var a = Flatten(then);
        var b = Flatten(now);
        var paths = a.Keys.Concat(b.Keys.Where(k => !a.ContainsKey(k))).ToList();
        return paths.Select(p => new FieldChange(p, a.GetValueOrDefault(p), b.GetValueOrDefault(p))).ToList();
    }

    public static Dictionary<string, string> Flatten(object? state)
    {
        var fields = new Dictionary<string, string>();
        if (state is null) return fields;
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(state, state.GetType(), AuditJson.Options));
        Walk(document.RootElement, "", fields);
        return fields;
    }

    // Money is stored as minor units and a currency; people read "25.00 EUR".
    private static string? AsMoney(JsonElement element)
    {
        if (element.EnumerateObject().Count() != 2
            || !element.TryGetProperty("minor", out var minor) || minor.ValueKind != JsonValueKind.Number || !minor.TryGetInt64(out var units)
            || !element.TryGetProperty("currency", out var code) || !Domain.Currency.TryParse(code.GetString(), out var currency))
            return null;
        return $"{Http.MoneyText.Format(new Domain.Money(units, currency))} {currency.Code}";
    }

    private static void Walk(JsonElement element, string path, Dictionary<string, string> fields)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when AsMoney(element) is { } money:
                fields[path] = money;
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", fields);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (i == MaxItems)
                    {
                        fields[$"{path}[…]"] = $"{element.GetArrayLength() - MaxItems} more";
                        break;
                    }
                    Walk(item, $"{path}[{i++}]", fields);
                }
                if (i == 0) fields[path] = "[]";
                break;
            case JsonValueKind.String:
                fields[path] = element.GetString()!;
                break;
            default:
                fields[path] = element.GetRawText();
                break;
        }
    }
}
