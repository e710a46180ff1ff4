using System.Collections.Frozen;
using Ledger.Api.Access;

namespace Ledger.Api.WebConsole;

/// <summary>
/// The console's assets, served by the API from the assembly (no CDN, no files to deploy): its style sheet, and the
/// audit trail's scripts, the export verifier (docs/AUDIT.md) and the page code that hands it a file.
/// </summary>
public static class ConsoleAssets
{
    private const string Folder = "/console/assets/";
    public const string StylePath = Folder + "console.css";
    public const string VerifierPath = Folder + "audit-verifier.js";
    public const string AuditTrailPath = Folder + "audit-trail.js";

    private static readonly FrozenDictionary<string, string> Types = new Dictionary<string, string>
    {
        [StylePath] = "text/css; charset=utf-8",
        [VerifierPath] = "text/javascript; charset=utf-8",
        [AuditTrailPath] = "text/javascript; charset=utf-8",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, Lazy<byte[]>> Contents = Types.Keys.ToFrozenDictionary(path => path, path => new Lazy<byte[]>(() =>
    {
        var name = "Ledger.Api.WebConsole." + path[Folder.Length..];
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in the API assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }));

    public static void MapConsoleAssets(this IEndpointRouteBuilder app)
    {
        foreach (var (path, type) in Types)
            app.MapGet(path, () => Results.Bytes(Contents[path].Value, type)).AllowPublic().ExcludeFromDescription();
    }
}
