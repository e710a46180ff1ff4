using Ledger.Infrastructure.Access;
using Ledger.Infrastructure.Audit;
using Ledger.Vision.Imaging;
using Ledger.Vision.Import;
using Ledger.Vision.Inference;
using Ledger.Vision.Matching;

namespace Ledger.Cli;

/// <summary>A command that ran and was refused: the message goes to stderr and the exit code is 1.</summary>
public sealed class CommandRefused(string message) : Exception(message);

/// <summary>Which failures of a command are the operator's to read (exit 1 with the reason) rather than a bug (a stack trace).</summary>
internal static class CliFailure
{
    public static string? Describe(Exception e) => e switch
    {
        CommandRefused or AuditExportException or AuditKeyRotationRefused or AuditKeyRevocationRefused or CredentialNameTaken => e.Message,
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UndefinedTable } pg =>
            $"{pg.MessageText}: apply the schema first with `ledger db migrate` (scripts/run.sh does)",
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.InsufficientPrivilege } pg => pg.MessageText,
        AuditHistoryRefused or Infrastructure.Secrets.SecretFilesRefused => e.Message,
        Npgsql.NpgsqlException or IOException or InvalidDataException or UnauthorizedAccessException => e.Message,
        ImageRejectedException or ModelPackException or ModelMismatchException or ModelImportException => e.Message,
        OperationCanceledException => "cancelled",
        _ => null,
    };
}
