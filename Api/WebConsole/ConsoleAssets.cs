using Ledger.Api.Access;

namespace Ledger.Api.WebConsole;

/// <summary>The console's one asset, its style sheet, served by the API from the assembly (no CDN, no files to deploy).</summary>
public static class ConsoleAssets
{
    public const string StylePath = "/console/assets/console.css";

    private static readonly Lazy<byte[]> Style = new(() =>
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("Ledger.Api.WebConsole.console.css")
            ?? throw new InvalidOperationException("console.css is not embedded in the API assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static void MapConsoleAssets(this IEndpointRouteBuilder app) =>
        app.MapGet(StylePath, () => Results.Bytes(Style.Value, "text/css; charset=utf-8")).AllowPublic().ExcludeFromDescription();
}
