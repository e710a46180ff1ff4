using System.Globalization;
using Ledger.Domain.Access;
using Ledger.Infrastructure.Audit.Replay;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.Api.WebConsole.Pages;

/// <summary>
/// Time travel: a wallet's, merchant's, terminal's or payment's state as of a time or a stream version beside its state
/// now, field by field, the differences marked. Folded by <see cref="PointInTime"/>, as <c>GET /v1/audit/state</c> and
/// <c>ledger replay</c> do, checked by the same rules. Auditors only, as over HTTP; the query names the stream
/// <c>stream=</c> and the time <c>asOf=</c>, which the audit read log records.
/// </summary>
[ConsolePage(Role.Auditor)]
public sealed class StateModel(IDocumentStore store) : ConsolePageModel
{
    [BindProperty(SupportsGet = true, Name = "kind")]
    public string Kind { get; set; } = "wallet";

    [BindProperty(SupportsGet = true, Name = "stream")]
    public string? Stream { get; set; }

    [BindProperty(SupportsGet = true, Name = "asOf")]
    public string? AsOfText { get; set; }

    [BindProperty(SupportsGet = true, Name = "version")]
    public string? VersionText { get; set; }

    public ReplayedState? Then { get; private set; }
    public ReplayedState? Now { get; private set; }
    public IReadOnlyList<FieldChange> Fields { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Stream)) return;
        if (!Guid.TryParse(Stream.Trim(), out var id))
        {
            Fail(StatusCodes.Status400BadRequest, "That is not an id: expected a UUID.");
            return;
        }
        AsOfText = string.IsNullOrWhiteSpace(AsOfText) ? null : AsOfText.Trim();
        VersionText = string.IsNullOrWhiteSpace(VersionText) ? null : VersionText.Trim();
        DateTimeOffset? asOf = null;
        long? version = null;
        if (AsOfText is not null)
        {
            // A time without an offset is UTC, as the audit read log reads it.
            if (!DateTimeOffset.TryParse(AsOfText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                Fail(StatusCodes.Status400BadRequest, "asOf must be a time such as 2026-12-03T14:00:00Z (UTC when no offset is given).");
                return;
            }
            asOf = at;
        }
        if (VersionText is not null)
        {
            if (!long.TryParse(VersionText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            {
                Fail(StatusCodes.Status400BadRequest, "version must be a whole number, 1 or more.");
                return;
            }
            version = v;
        }
        if (asOf is null && version is null)
        {
            Fail(StatusCodes.Status400BadRequest, "Give a time (asOf) or a stream version to compare with now.");
            return;
        }
        if (PointInTime.Check(Kind, asOf, version) is { Count: > 0 } errors)
        {
            Fail(StatusCodes.Status400BadRequest, string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
            return;
        }
        var replay = new PointInTime(store);
        Now = await replay.ReplayAsync(Kind, id, AsOf.Now, ct);
        if (Now.State is null)
        {
            Fail(StatusCodes.Status404NotFound, $"No {Kind} has the id {id}.");
            return;
        }
        Then = await replay.ReplayAsync(Kind, id, new AsOf(asOf, version), ct);
        Fields = StateFields.Compare(Then.State, Now.State);
    }

    public static string When(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff") ?? "—";
}
