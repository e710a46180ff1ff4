using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ledger.Domain.Audit;

/// <summary>A checkpoint named by what it signed: its last sequence number, its tree size and root.</summary>
public sealed record CheckpointRef(long Seq, long Size, string Root);

/// <summary>A selected stream and its highest version at the covering checkpoint (0: none of its events yet).</summary>
public sealed record StreamHead(Guid Id, long Head);

/// <summary>
/// What the service signs about one export, so that the header cannot be edited and the selection cannot be
/// thinned: when and of what it was made, the checkpoint that covers it, the newest checkpoint at that time, how
/// many events the selection holds up to the covering checkpoint and, for each selected stream, its head version
/// there. Stream versions run from 1 without holes, so an export of whole streams must hold every version up to
/// the head; any selection must hold exactly <paramref name="Events"/> event lines. <paramref name="Log"/> names the log
/// (the origin its checkpoints are signed with), so an export of one ledger cannot pass as another's.
/// </summary>
public sealed record ExportStatement(
    string ExportedAt, string? From, string? To, IReadOnlyList<StreamHead> Streams, CheckpointRef Covering, CheckpointRef Latest, long Events,
    string Log)
{
    public const string Format = "ledger-audit-export-statement/1";

    private static readonly string[] Members = ["covering", "events", "exportedAt", "format", "latest", "log", "selection"];
    private static readonly string[] SelectionMembers = ["from", "streams", "to"];
    private static readonly string[] StreamMembers = ["head", "id"];
    private static readonly string[] CheckpointMembers = ["root", "seq", "size"];

    /// <summary>True when the selection is whole streams (no time bounds): then every version up to each head is in it.</summary>
    public bool WholeStreams => Streams.Count > 0 && From is null && To is null;

    public byte[] SignedBytes() => Encoding.UTF8.GetBytes(CanonicalText());

    /// <summary>Canonical JSON (<see cref="CanonicalJson"/>): members sorted, streams in the order of their ids.</summary>
    public string CanonicalText()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            WriteCheckpoint(w, "covering", Covering);
            w.WriteNumber("events", Events);
            w.WriteString("exportedAt", ExportedAt);
            w.WriteString("format", Format);
            WriteCheckpoint(w, "latest", Latest);
            w.WriteString("log", Log);
            w.WriteStartObject("selection");
            if (From is null) w.WriteNull("from"); else w.WriteString("from", From);
            w.WriteStartArray("streams");
            foreach (var s in Streams.OrderBy(s => s.Id.ToString(), StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteNumber("head", s.Head);
                w.WriteString("id", s.Id.ToString());
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (To is null) w.WriteNull("to"); else w.WriteString("to", To);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return CanonicalJson.Of(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>
    /// The statement from the text that was signed. Anything but the canonical text of a well-formed statement is
    /// refused (a member missing, unknown or repeated, another spelling): a verifier never signs off on bytes it
    /// read differently from the service.
    /// </summary>
    /// <exception cref="FormatException">Not a canonical export statement.</exception>
    public static ExportStatement Parse(string canonical)
    {
        using var document = JsonDocument.Parse(canonical);
        var root = document.RootElement;
        JsonMembers.Exactly(root, Members, "the export statement");
        if (root.GetProperty("format").GetString() != Format)
            throw new FormatException($"unknown export statement format '{root.GetProperty("format").GetString()}'");
        var selection = root.GetProperty("selection");
        JsonMembers.Exactly(selection, SelectionMembers, "the statement's selection");
        var streams = selection.GetProperty("streams").EnumerateArray().Select(s =>
        {
            JsonMembers.Exactly(s, StreamMembers, "a selected stream");
            return new StreamHead(Guid.ParseExact(JsonMembers.Text(s, "id"), "D"), NonNegative(s.GetProperty("head")));
        }).ToList();
        if (streams.Select(s => s.Id).Distinct().Count() != streams.Count)
            throw new FormatException("the statement selects a stream twice");
        var statement = new ExportStatement(
            Timestamp(root.GetProperty("exportedAt")), OptionalTimestamp(selection.GetProperty("from")), OptionalTimestamp(selection.GetProperty("to")),
            streams, Checkpoint(root.GetProperty("covering")), Checkpoint(root.GetProperty("latest")), NonNegative(root.GetProperty("events")),
            root.GetProperty("log").GetString() is { } log && CheckpointNote.IsValidOrigin(log) ? log : throw new FormatException("the statement's log is not a log name"));
        if (statement.CanonicalText() != canonical)
            throw new FormatException("the export statement is not in canonical form, so it is not the text that was signed");
        if (statement.Latest.Size < statement.Covering.Size)
            throw new FormatException("the statement's newest checkpoint is older than its covering one");
        return statement;
    }

    /// <summary>True when an event's timestamp and stream are inside the selection.</summary>
    public bool Selects(Guid? streamId, string timestamp)
    {
        if (Streams.Count > 0 && (streamId is not { } id || Streams.All(s => s.Id != id))) return false;
        var at = Instant(timestamp);
        return (From is null || at >= Instant(From)) && (To is null || at < Instant(To));
    }

    private static void WriteCheckpoint(Utf8JsonWriter w, string name, CheckpointRef c)
    {
        w.WriteStartObject(name);
        w.WriteString("root", c.Root);
        w.WriteNumber("seq", c.Seq);
        w.WriteNumber("size", c.Size);
        w.WriteEndObject();
    }

    private static CheckpointRef Checkpoint(JsonElement e)
    {
        JsonMembers.Exactly(e, CheckpointMembers, "a checkpoint of the statement");
        return new CheckpointRef(NonNegative(e.GetProperty("seq")), NonNegative(e.GetProperty("size")), JsonMembers.Text(e, "root"));
    }

    private static long NonNegative(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var n) && n >= 0 ? n : throw new FormatException($"'{e.GetRawText()}' is not a count");

    private static string Timestamp(JsonElement e)
    {
        var text = e.GetString() ?? throw new FormatException("a timestamp is missing");
        Instant(text);
        return text;
    }

    private static string? OptionalTimestamp(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : Timestamp(e);

    private static DateTimeOffset Instant(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
