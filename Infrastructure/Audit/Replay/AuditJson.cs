using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Infrastructure.Audit.Replay;

/// <summary>How explanations, replayed states and what-if reports are written as JSON, over HTTP and on the command line alike.</summary>
public static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new Domain.CurrencyJsonConverter() },
    };
}
