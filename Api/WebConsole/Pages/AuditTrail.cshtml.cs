using System.Globalization;
using Ledger.Api.Audit;
using Ledger.Domain.Access;
using Ledger.Infrastructure.Audit;
using Microsoft.AspNetCore.Mvc;
using Ledger.Verifier;

namespace Ledger.Api.WebConsole.Pages;

/// <summary>
/// The audit trail: how far the hash chain and its signed checkpoints have come, the checkpoints newest first (keyset
/// pages), a signed export to download (the read is recorded like <c>GET /v1/audit/export</c>), and the export verified in
/// the browser against the published key by the page's own script (docs/AUDIT.md, no server help). Auditors only.
/// </summary>
[ConsolePage(Role.Auditor)]
[ConsoleScript]
public sealed class AuditTrailModel(AuditCheckpoints checkpoints, AuditKeyRing keys, AuditOptions options, AuditExporter exporter) : ConsolePageModel
{
    public const int PageSize = 20;

    /// <summary>The keyset cursor: checkpoints over fewer events than this.</summary>
    [BindProperty(SupportsGet = true, Name = "before")]
    public long? Before { get; set; }

    public AuditChainStatus? Status { get; private set; }
    public IReadOnlyList<AuditCheckpoint> Checkpoints { get; private set; } = [];
    public long? NextBefore { get; private set; }
    public string PublicKey => keys.Current.PublicKeyBase64;
    public string KeyId => keys.Current.KeyId;
    public string LogOrigin => options.Origin;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Before is < 1)
        {
            Fail(StatusCodes.Status400BadRequest, "The page cursor 'before' is a checkpoint size, 1 or more.");
            return;
        }
        Status = await checkpoints.StatusAsync(ct);
        var page = await checkpoints.PageAsync(Before ?? long.MaxValue, PageSize + 1, ct);
        Checkpoints = page.Take(PageSize).ToList();
        NextBefore = page.Count > PageSize ? Checkpoints[^1].Statement.Size : null;
    }

    /// <summary>The signed export of whole streams and/or a period, as a file download; refused in words when nothing can be exported.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? stream, string? from, string? to, CancellationToken ct)
    {
        var streams = new List<Guid>();
        foreach (var text in (stream ?? "").Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Guid.TryParse(text, out var id)) return await Refuse(StatusCodes.Status400BadRequest, $"'{text}' is not a stream id: expected a UUID.", ct);
            streams.Add(id);
        }
        if (streams.Count > 1000) return await Refuse(StatusCodes.Status400BadRequest, "At most 1000 streams per export.", ct);
        if (!TryTime(from, out var since) || !TryTime(to, out var until))
            return await Refuse(StatusCodes.Status400BadRequest, "A time is written like 2026-12-01T00:00:00Z (UTC).", ct);
        if (since is not null && until is not null && since >= until) return await Refuse(StatusCodes.Status400BadRequest, "'From' must be before 'to'.", ct);

        var (file, refusal) = await ExportFile.MakeAsync(exporter, new ExportRequest(since, until, streams), ct);
        if (file is null) return await Refuse(StatusCodes.Status409Conflict, $"Nothing can be exported for this selection yet: {refusal}", ct);
        return File(file.Content, AuditReadEndpoints.JsonLinesType, ExportFile.FileName);
    }

    /// <summary>Empty is no bound; otherwise an ISO 8601 time, taken as UTC when it names no offset.</summary>
    private static bool TryTime(string? text, out DateTimeOffset? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        at = parsed;
        return true;
    }

    private async Task<IActionResult> Refuse(int status, string message, CancellationToken ct)
    {
        await OnGetAsync(ct);
        Fail(status, message);
        return Page();
    }
}
