using Ledger.Infrastructure.Audit;

namespace Ledger.Api.Audit;

/// <summary>
/// An export made in full into a temporary file (deleted when closed) before its first byte is sent, so a failure is an
/// answer in words and never half an export. Shared by <c>GET /v1/audit/export</c> and the console's download.
/// </summary>
public sealed record ExportFile(Stream Content, ExportSummary Summary)
{
    public const string FileName = "ledger-audit-export.jsonl";

    /// <returns>The file, positioned at its start; or the reason nothing can be exported yet.</returns>
    public static async Task<(ExportFile? File, string? Refusal)> MakeAsync(AuditExporter exporter, ExportRequest request, CancellationToken ct)
    {
        var temp = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var summary = await exporter.ExportAsync(request, temp, ct);
            temp.Position = 0;
            return (new ExportFile(temp, summary), null);
        }
        catch (AuditExportException e)
        {
            await temp.DisposeAsync();
            return (null, e.Message);
        }
        catch
        {
            await temp.DisposeAsync();
            throw;
        }
    }
}
