using System.Text.Json;
using Ledger.Terminal.Signing;

namespace Ledger.Terminal.Cli;

/// <summary>The terminal key from the service's answer that issued it: registration nests it under <c>key</c>, rotation does not.</summary>
public static class KeyFile
{
    public static TerminalCredentials Read(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        var key = root.TryGetProperty("key", out var nested) && nested.ValueKind == JsonValueKind.Object ? nested : root;
        var keyId = Text(key, "keyId") ?? throw new FormatException($"{path} holds no keyId: give the JSON the service answered with the key.");
        var secret = Text(key, "secret") ?? throw new FormatException($"{path} holds no secret (the service shows it only in the answer that issued the key).");
        var terminalId = Text(root, "terminalId") is { } id && Guid.TryParse(id, out var g) ? g : Guid.Empty;
        return new TerminalCredentials(terminalId, keyId, secret);
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
