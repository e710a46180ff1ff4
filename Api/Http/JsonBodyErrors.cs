using System.Text.Json;

namespace Ledger.Api.Http;

/// <summary>
/// What System.Text.Json refused in a body, by the field it stopped at (its <see cref="JsonException.Path"/>), so that a
/// problem names the field as a validator's would: <c>amount</c>, <c>limits.perPayment</c>.
/// </summary>
public static class JsonBodyErrors
{
    /// <summary>
    /// A key given twice in one object (<c>AllowDuplicateProperties = false</c>). The serializer has no error code, only
    /// its message; its wording is fixed in System.Text.Json's resources (DuplicatePropertiesNotAllowed).
    /// </summary>
    public static bool IsDuplicateKey(JsonException e) => e.Message.StartsWith("Duplicate property", StringComparison.Ordinal);

    /// <summary>The field as a client wrote it, camelCased (<c>$.Limits.perPayment</c> is <c>limits.perPayment</c>); null at the root.</summary>
    public static string? Field(JsonException e)
    {
        if (e.Path is not { Length: > 2 } path || !path.StartsWith("$.", StringComparison.Ordinal)) return null;
        return string.Join('.', path[2..].Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
    }

    /// <summary>The problem's detail: which field, and what to do, without the serializer's type names.</summary>
    public static string Detail(JsonException e) =>
        IsDuplicateKey(e) && Field(e) is { } field
            ? $"The field '{field}' appears more than once in one object; send each field once."
            : e.Message;

    /// <summary>The <c>errors</c> member of the problem: the field and what was wrong with it, when a field is named.</summary>
    public static IDictionary<string, string[]>? ByField(Exception exception) =>
        Unwrap(exception) is { } json && Field(json) is { } field ? new Dictionary<string, string[]> { [field] = [Detail(json)] } : null;

    public static JsonException? Unwrap(Exception exception) => exception switch
    {
        JsonException j => j,
        BadHttpRequestException { InnerException: JsonException j } => j,
        _ => null,
    };
}
