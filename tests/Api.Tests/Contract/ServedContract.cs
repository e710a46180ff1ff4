using System.Text.Json;

namespace Ledger.Api.Tests.Contract;

/// <summary>The OpenAPI document the service serves, read as a test needs it: its operations by method and path template.</summary>
public sealed class ServedContract(JsonElement document)
{
    public JsonElement Document { get; } = document;

    public IEnumerable<(string Method, string Path, JsonElement Operation)> Operations =>
        from path in Document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        select (operation.Name.ToUpperInvariant(), path.Name, operation.Value);

    public JsonElement? Find(string method, string pathTemplate) =>
        Document.GetProperty("paths").TryGetProperty(pathTemplate, out var path) && path.TryGetProperty(method.ToLowerInvariant(), out var op)
            ? op : null;

    /// <summary>The declared answer for <paramref name="status"/>: its media types and, for a problem, the type URNs it lists.</summary>
    public static (IReadOnlyList<string> MediaTypes, IReadOnlyList<string> ProblemTypes)? Answer(JsonElement operation, int status)
    {
        if (!operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response))
            return null;
        var media = response.TryGetProperty("content", out var content) ? content.EnumerateObject().Select(c => c.Name).ToList() : [];
        var types = response.TryGetProperty("x-problem-types", out var t) ? t.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
        return (media, types);
    }

    /// <summary>The document path of an endpoint's route pattern: constraints and a trailing slash dropped.</summary>
    public static string PathOf(string routePattern)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(routePattern, @"\{([^}:?=]+)[^}]*\}", "{$1}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }
}
