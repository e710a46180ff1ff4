using System.Formats.Cbor;
using Ledger.Domain;
using Ledger.Domain.Capture;

namespace Ledger.Infrastructure.Capture;

/// <summary>
/// The capture statement's payload as deterministic CBOR (RFC 8949 §4.2, canonical): a map with text keys
/// v, terminal, nonce, at (unix seconds), counter, amount (minor units), currency, frames (SHA-256 of each frame, byte
/// strings) or template (SHA-256 of the template), liveness (the movement asked: turn_left, turn_right, look_up) and
/// models (an array of {id, sha256}). A key we do not know, a missing one, or a map that is not canonical is malformed:
/// the device signed bytes, and only one byte string means this statement.
/// </summary>
public static class CaptureStatementCodec
{
    public static byte[] Encode(CaptureStatement s)
    {
        // Canonical mode sorts the keys itself (shorter first, then bytewise), so the order here is for reading only.
        var w = new CborWriter(CborConformanceMode.Canonical);
        var entries = 9 + (s.Liveness is null ? 0 : 1);
        w.WriteStartMap(entries);
        w.WriteTextString("v"); w.WriteInt32(s.Version);
        w.WriteTextString("terminal"); w.WriteTextString(s.TerminalId.ToString("D"));
        w.WriteTextString("nonce"); w.WriteTextString(s.Nonce);
        w.WriteTextString("at"); w.WriteInt64(s.CapturedAt.ToUnixTimeSeconds());
        w.WriteTextString("counter"); w.WriteInt64(s.Counter);
        w.WriteTextString("amount"); w.WriteInt64(s.AmountMinor);
        w.WriteTextString("currency"); w.WriteTextString(s.Currency);
        if (s.TemplateSha256 is { } template)
        {
            w.WriteTextString("template"); w.WriteByteString(Convert.FromHexString(template));
        }
        else
        {
            w.WriteTextString("frames");
            w.WriteStartArray(s.FrameSha256.Count);
            foreach (var frame in s.FrameSha256) w.WriteByteString(Convert.FromHexString(frame));
            w.WriteEndArray();
        }
        if (s.Liveness is { } movement)
        {
            w.WriteTextString("liveness"); w.WriteTextString(MovementName(movement));
        }
        w.WriteTextString("models");
        w.WriteStartArray(s.Models.Count);
        foreach (var model in s.Models)
        {
            w.WriteStartMap(2);
            w.WriteTextString("id"); w.WriteTextString(model.Id);
            w.WriteTextString("sha256"); w.WriteByteString(Convert.FromHexString(model.Sha256));
            w.WriteEndMap();
        }
        w.WriteEndArray();
        w.WriteEndMap();
        return w.Encode();
    }

    /// <exception cref="DomainRuleViolation">capture_statement_malformed.</exception>
    public static CaptureStatement Decode(byte[] payload)
    {
        try
        {
            var r = new CborReader(payload, CborConformanceMode.Canonical);
            var fields = new Dictionary<string, object>();
            var count = r.ReadStartMap() ?? throw Malformed("The statement is a map of definite length.");
            for (var i = 0; i < count; i++)
            {
                var key = r.ReadTextString();
                fields[key] = key switch
                {
                    "v" => r.ReadInt32(),
                    "terminal" or "nonce" or "currency" or "liveness" => r.ReadTextString(),
                    "at" or "counter" or "amount" => r.ReadInt64(),
                    "template" => Digest(r.ReadByteString()),
                    "frames" => Digests(r),
                    "models" => Models(r),
                    _ => throw Malformed($"Unknown field '{key}'."),
                };
            }
            r.ReadEndMap();
            if (r.BytesRemaining != 0) throw Malformed("Bytes follow the statement.");
            T Get<T>(string key) => fields.TryGetValue(key, out var v) ? (T)v : throw Malformed($"The field '{key}' is missing.");
            var frames = fields.TryGetValue("frames", out var f) ? (IReadOnlyList<string>)f : [];
            var templateDigest = fields.TryGetValue("template", out var t) ? (string)t : null;
            if ((frames.Count == 0) == (templateDigest is null)) throw Malformed("A statement covers either frames or a template.");
            if (!Guid.TryParseExact(Get<string>("terminal"), "D", out var terminal)) throw Malformed("terminal is a UUID.");
            var at = Get<long>("at");
            if (at is < 0 or > 253402300799) throw Malformed("at is unix seconds.");
            return new CaptureStatement(Get<int>("v"), terminal, Get<string>("nonce"), DateTimeOffset.FromUnixTimeSeconds(at), Get<long>("counter"),
                Get<long>("amount"), Get<string>("currency"), frames, templateDigest,
                fields.TryGetValue("liveness", out var l) ? ParseMovement((string)l) : null, Get<IReadOnlyList<ModelDigest>>("models"));
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException or InvalidCastException)
        {
            throw Malformed(e.Message);
        }
    }

    public static string MovementName(HeadMovement movement) => RuleCodes.FromName(movement.ToString());

    private static HeadMovement ParseMovement(string name)
    {
        foreach (var movement in Enum.GetValues<HeadMovement>())
            if (MovementName(movement) == name) return movement;
        throw Malformed($"Unknown movement '{name}'.");
    }

    private static string Digest(byte[] bytes) =>
        bytes.Length == 32 ? Convert.ToHexStringLower(bytes) : throw Malformed("A SHA-256 is 32 bytes.");

    private static IReadOnlyList<string> Digests(CborReader r)
    {
        var count = r.ReadStartArray() ?? throw Malformed("frames has a definite length.");
        if (count is < 1 or > 8) throw Malformed("A statement covers 1 to 8 frames.");
        var digests = new List<string>();
        for (var i = 0; i < count; i++) digests.Add(Digest(r.ReadByteString()));
        r.ReadEndArray();
        return digests;
    }

    private static IReadOnlyList<ModelDigest> Models(CborReader r)
    {
        var count = r.ReadStartArray() ?? throw Malformed("models has a definite length.");
        if (count > 8) throw Malformed("At most 8 models.");
        var models = new List<ModelDigest>();
        for (var i = 0; i < count; i++)
        {
            if (r.ReadStartMap() != 2) throw Malformed("A model is {id, sha256}.");
            string? id = null, sha = null;
            for (var k = 0; k < 2; k++)
            {
                switch (r.ReadTextString())
                {
                    case "id": id = r.ReadTextString(); break;
                    case "sha256": sha = Digest(r.ReadByteString()); break;
                    default: throw Malformed("A model is {id, sha256}.");
                }
            }
            r.ReadEndMap();
            models.Add(new ModelDigest(id ?? throw Malformed("A model needs its id."), sha ?? throw Malformed("A model needs its sha256.")));
        }
        r.ReadEndArray();
        return models;
    }

    private static DomainRuleViolation Malformed(string detail) => new(CaptureRuleCodes.StatementMalformed, "The capture statement is malformed: " + detail);
}
