using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Domain.Audit;

namespace Ledger.Integration.Tests.Audit;

/// <summary>
/// Edits of export files as a forger who knows the format but not the signing key would make them: lines turned
/// into links or gaps, events forged and chained on, a changed event re-hashed with everything after it.
/// </summary>
internal static class ExportEdits
{
    public static JsonObject Line(string text) => JsonNode.Parse(text)!.AsObject();

    public static string Kind(JsonObject line) => line["kind"]!.GetValue<string>();

    public static string Kind(string text) => Kind(Line(text));

    public static int[] Indexes(string[] lines, string kind) =>
        lines.Select((l, i) => (Kind(l), i)).Where(x => x.Item1 == kind).Select(x => x.i).ToArray();

    public static string[] Replace(string[] lines, int index, string line) => [.. lines[..index], line, .. lines[(index + 1)..]];

    public static string[] WithStatement(string[] lines, string statement)
    {
        var header = Line(lines[0]);
        header["statement"] = statement;
        return Replace(lines, 0, header.ToJsonString());
    }

    /// <summary>The event at <paramref name="index"/> given by its chain hash only, as the exporter writes other streams' events.</summary>
    public static string[] AsLink(string[] lines, int index)
    {
        var e = Line(lines[index]);
        var link = new JsonObject
        {
            ["kind"] = "link", ["seq"] = e["seq"]!.GetValue<long>(), ["position"] = e["position"]!.GetValue<long>(), ["hash"] = e["hash"]!.GetValue<string>(),
        };
        return Replace(lines, index, link.ToJsonString());
    }

    /// <summary><paramref name="count"/> consecutive lines from <paramref name="index"/> replaced by one gap line of aligned subtree roots.</summary>
    public static string[] AsGap(string[] lines, int index, int count)
    {
        var run = lines.Skip(index).Take(count).Select(Line).ToList();
        var position = run[0]["position"]!.GetValue<long>();
        var hashes = run.Select(l => ChainHash.FromHex(l["hash"]!.GetValue<string>())).ToList();
        var roots = new JsonArray();
        var next = 0;
        foreach (var height in MerkleFrontier.AlignedBlocks(position - 1, count))
        {
            var block = new MerkleFrontier();
            for (var end = next + (1 << height); next < end; next++) block.Add(hashes[next]);
            roots.Add(ChainHash.ToHex(block.Root()));
        }
        var gap = new JsonObject
        {
            ["kind"] = "gap", ["position"] = position, ["size"] = count,
            ["firstSeq"] = run[0]["seq"]!.GetValue<long>(), ["lastSeq"] = run[^1]["seq"]!.GetValue<long>(), ["subtrees"] = roots,
        };
        return [.. lines[..index], gap.ToJsonString(), .. lines[(index + count)..]];
    }

    /// <summary>A new event line: <paramref name="template"/>'s record as edited, hashed onto <paramref name="previous"/>.</summary>
    public static string Forge(JsonObject template, long seq, long position, long version, Guid id, byte[] previous, Action<JsonObject> edit)
    {
        var record = template["record"]!.DeepClone().AsObject();
        record["seq"] = seq;
        record["id"] = id.ToString();
        record["version"] = version;
        edit(record);
        var audit = AuditRecord.FromJson(JsonDocument.Parse(record.ToJsonString()).RootElement);
        var line = new JsonObject
        {
            ["kind"] = "event", ["seq"] = seq, ["position"] = position, ["prevHash"] = ChainHash.ToHex(previous),
            ["hash"] = ChainHash.ToHex(ChainHash.Link(previous, audit)), ["record"] = JsonNode.Parse(audit.CanonicalText()),
        };
        return line.ToJsonString();
    }

    /// <summary>Every event line from <paramref name="from"/> on re-hashed onto the one before, as a forger would after editing one.</summary>
    public static string[] Reforge(string[] lines, int from)
    {
        var result = lines.ToArray();
        byte[]? previous = null;
        for (var i = from; i < result.Length; i++)
        {
            var node = Line(result[i]);
            if (Kind(node) != "event") continue;
            previous ??= ChainHash.FromHex(node["prevHash"]!.GetValue<string>());
            node["prevHash"] = ChainHash.ToHex(previous);
            previous = ChainHash.Link(previous, AuditRecord.FromJson(JsonDocument.Parse(node["record"]!.ToJsonString()).RootElement));
            node["hash"] = ChainHash.ToHex(previous);
            result[i] = node.ToJsonString();
        }
        return result;
    }
}
