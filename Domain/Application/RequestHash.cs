using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ledger.Domain.Application;

/// <summary>
/// Fingerprint of a request: what the command is and its canonical payload. Callers pass the command
/// with its clock cleared: a retry a second later is the same request.
/// </summary>
public static class RequestHash
{
    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web);

    public static string Of(string operation, object payload) =>
        Convert.ToHexStringLower(SHA256.HashData(
            Encoding.UTF8.GetBytes(operation + "\n" + JsonSerializer.Serialize(payload, payload.GetType(), Canonical))));
}
