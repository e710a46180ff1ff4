using System.Security.Cryptography;
using System.Text;

namespace Ledger.Domain.Fraud;

/// <summary>
/// Alert ids follow from what fired, never from a clock or a random source: a replay of the same events
/// names the same alert, which then already exists (exactly one alert per rule, subject and tipping event).
/// </summary>
public static class FraudAlertIds
{
    public static Guid For(string rule, FraudSubject subject, Guid triggeringEventId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"fraud-alert\n{rule}\n{subject}\n{triggeringEventId:N}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom), variant 10
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
