using FluentValidation.Results;

namespace Ledger.Api.Http;

/// <summary>A validator's failures as problem details list them: per field (camelCase path), each message once.</summary>
public static class ValidationErrors
{
    public static Dictionary<string, string[]> ByField(ValidationResult result) =>
        result.Errors.GroupBy(e => ToCamel(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());

    private static string ToCamel(string name) =>
        string.Join('.', name.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
