using System.Globalization;
using System.Text.Json;
using Ledger.Domain.Access;
using Ledger.Infrastructure.Audit.Replay;
using Ledger.Infrastructure.Reads;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.Api.WebConsole.Pages;

/// <summary>
/// A stream's events in order with their metadata, a page at a time by a keyset on the version (<c>after</c>), and
/// causation ids that lead to the event or stream they name. Auditors only, as the export is (docs/ACCESS.md); the
/// query names the stream <c>stream=</c>, so the audit read log records which stream was read. Without an id at hand,
/// <c>find=</c> looks a wallet up by its customer's phone or name, or a merchant or terminal by name
/// (<see cref="SubjectSearch"/>); the log records what was searched for, as it records every query.
/// </summary>
[ConsolePage(Role.Auditor)]
public sealed class StreamsModel(StreamReads reads, SubjectSearch search, Marten.IDocumentStore store) : ConsolePageModel
{
    public const int PageSize = 50;
    public const int MaxFound = 50;

    [BindProperty(SupportsGet = true, Name = "find")]
    public string? Find { get; set; }

    public SearchResult? Found { get; private set; }

    [BindProperty(SupportsGet = true, Name = "stream")]
    public string? Stream { get; set; }

    [BindProperty(SupportsGet = true, Name = "after")]
    public string? After { get; set; }

    public long AfterVersion { get; private set; }
    public StreamSummary? Summary { get; private set; }
    public IReadOnlyList<StreamEventView> Events { get; private set; } = [];
    public string? NextLink { get; private set; }
    /// <summary>wallet, merchant, terminal or payment when time travel can fold this stream, else null.</summary>
    public string? Kind { get; private set; }
    public string FirstLink => $"/console/streams?stream={Summary?.Id}";
    private IReadOnlyDictionary<string, CauseLocation> _causes = new Dictionary<string, CauseLocation>();
    private IReadOnlyDictionary<long, (object? Before, object? After)> _steps = new Dictionary<long, (object?, object?)>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Find is not null && string.IsNullOrWhiteSpace(Stream))
        {
            await FindAsync(Find, ct);
            return;
        }
        if (string.IsNullOrWhiteSpace(Stream)) return;
        if (!Guid.TryParse(Stream.Trim(), out var id))
        {
            Fail(StatusCodes.Status400BadRequest, "That is not an id: expected a UUID such as 50c0bf14-e0b0-8cd5-9ac6-de9a74c5f994.");
            return;
        }
        long after = 0;
        if (After is not null && !long.TryParse(After, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            Fail(StatusCodes.Status400BadRequest, "after must be a stream version: a whole number, 0 or more.");
            return;
        }
        AfterVersion = after;
        Summary = await reads.StreamAsync(id, ct);
        if (Summary is null)
        {
            Fail(StatusCodes.Status404NotFound, $"No stream has the id {id}: no wallet, merchant, terminal or payment of that id has any event.");
            return;
        }
        Events = await reads.EventsAsync(id, AfterVersion, PageSize, ct);
        Kind = await reads.FirstEventTypeAsync(id, ct) is { } first ? PointInTime.KindOf(first) : null;
        _causes = await reads.CausesAsync(Events.Select(e => e.CausationId), ct);
        if (Kind is not null && Events.Count > 0) _steps = await new PointInTime(store).StepsAsync(Kind, id, AfterVersion, Events[^1].Version, ct);
        if (Events.Count == PageSize && Events[^1].Version < Summary.Version)
            NextLink = $"/console/streams?stream={id}&after={Events[^1].Version}";
    }

    private async Task FindAsync(string text, CancellationToken ct)
    {
        try
        {
            Found = await search.FindAsync(text, MaxFound, ct);
        }
        catch (ArgumentException)
        {
            Fail(StatusCodes.Status400BadRequest,
                $"Search for {SubjectSearch.MinLength} to {SubjectSearch.MaxLength} characters: the start of a name, or a phone number in E.164 form such as +33612345678.");
        }
    }

    /// <summary>The fields the event at <paramref name="version"/> changed in its aggregate's state (none when the stream cannot be folded).</summary>
    public IReadOnlyList<FieldChange> ChangesAt(long version) =>
        _steps.TryGetValue(version, out var step) ? StateFields.Compare(step.Before, step.After).Where(c => c.Differs).ToList() : [];

    /// <summary>Where a causation id leads in the console, or null when it names no stored event or stream.</summary>
    public string? CauseLink(string? causationId) =>
        causationId is not null && _causes.TryGetValue(causationId, out var cause)
            ? cause.Version is { } version
                ? $"/console/streams?stream={cause.StreamId}&after={version - 1}#event-{Guid.Parse(causationId)}"
                : $"/console/streams?stream={cause.StreamId}"
            : null;

    public static string Pretty(string json)
    {
        try { return JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, Indented); }
        catch (JsonException) { return json; }
    }

    // Shown in HTML, which Razor encodes; the relaxed escaping keeps "+" and accents readable.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

}
