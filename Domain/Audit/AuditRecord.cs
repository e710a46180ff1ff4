using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ledger.Domain.Audit;

/// <summary>
/// One stored event exactly as the hash chain commits to it: its place in the log, its stream and
/// version, its stored type name, its data and its metadata (correlation, causation, headers with the
/// actor, request id and idempotency key). The data is hashed as stored, so a field encrypted for
/// crypto-shredding is committed as ciphertext and erasing its key later changes nothing here.
/// </summary>
public sealed record AuditRecord(
    long Seq,
    Guid EventId,
    Guid? StreamId,
    long Version,
    string Type,
    string Timestamp,
    string? CorrelationId,
    string? CausationId,
    JsonElement? Headers,
    JsonElement Data)
{
    private static readonly HashSet<string> Fields =
        ["causationId", "correlationId", "data", "headers", "id", "seq", "streamId", "timestamp", "type", "version"];

    /// <summary>The record from its JSON (an export's <c>record</c>): every field once, no other, since only these are hashed.</summary>
    /// <exception cref="FormatException">A field that the hash does not cover, missing, or repeated.</exception>
    public static AuditRecord FromJson(JsonElement r)
    {
        JsonMembers.Exactly(r, Fields, "the record");
        return new AuditRecord(
            r.GetProperty("seq").GetInt64(), r.GetProperty("id").GetGuid(),
            r.GetProperty("streamId") is { ValueKind: JsonValueKind.Null } ? null : r.GetProperty("streamId").GetGuid(),
            r.GetProperty("version").GetInt64(), JsonMembers.Text(r, "type"), JsonMembers.Text(r, "timestamp"),
            r.GetProperty("correlationId").GetString(), r.GetProperty("causationId").GetString(),
            r.GetProperty("headers") is { ValueKind: JsonValueKind.Null } ? null : r.GetProperty("headers").Clone(),
            r.GetProperty("data").Clone());
    }

    /// <summary>Microsecond UTC text: PostgreSQL's timestamptz precision, so nothing is lost or invented.</summary>
    public static string FormatTimestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The canonical JSON object that is hashed (keys in canonical order; see <see cref="CanonicalJson"/>).</summary>
    public string CanonicalText()
    {
        var text = new StringBuilder(256);
        text.Append("{\"causationId\":");
        WriteNullableString(text, CausationId);
        text.Append(",\"correlationId\":");
        WriteNullableString(text, CorrelationId);
        text.Append(",\"data\":");
        CanonicalJson.Write(text, Data);
        text.Append(",\"headers\":");
        if (Headers is { ValueKind: not JsonValueKind.Null } headers) CanonicalJson.Write(text, headers);
        else text.Append("null");
        text.Append(",\"id\":");
        CanonicalJson.WriteString(text, EventId.ToString("D"));
        text.Append(",\"seq\":").Append(Seq.ToString(CultureInfo.InvariantCulture));
        text.Append(",\"streamId\":");
        WriteNullableString(text, StreamId?.ToString("D"));
        text.Append(",\"timestamp\":");
        CanonicalJson.WriteString(text, Timestamp);
        text.Append(",\"type\":");
        CanonicalJson.WriteString(text, Type);
        text.Append(",\"version\":").Append(Version.ToString(CultureInfo.InvariantCulture));
        text.Append('}');
        return text.ToString();
    }

    private static void WriteNullableString(StringBuilder text, string? value)
    {
        if (value is null) text.Append("null");
        else CanonicalJson.WriteString(text, value);
    }
}
