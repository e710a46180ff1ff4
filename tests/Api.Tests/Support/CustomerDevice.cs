using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// A customer's phone with a payment credential, written from the description in README and docs/ACCESS.md (not
/// from the server's code): TOTP per RFC 6238 with HMAC-SHA-256 over the 30-second step, 8 digits, shown as
/// "81" + the 12-digit credential + the code + a Luhn check digit over everything before it.
/// </summary>
public sealed record CustomerDevice(string Credential, byte[] Key)
{
    public static Task<CustomerDevice> IssueAsync(ApiFixture api, Guid walletId) => IssueAsync(api.Client, walletId);

    /// <summary>An operator registers a new credential for the wallet; the key in the answer goes to the device.</summary>
    public static async Task<CustomerDevice> IssueAsync(HttpClient operatorClient, Guid walletId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/wallets/{walletId}/payment-credentials")
        {
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString("N") } },
        };
        var issued = await operatorClient.SendAsync(request);
        Assert.True(issued.StatusCode == HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        return new CustomerDevice(body.GetProperty("credential").GetString()!, Base64Url.DecodeFromChars(body.GetProperty("key").GetString()!));
    }

    public string CodeAt(DateTimeOffset at) => Show(Otp(at.ToUnixTimeSeconds() / 30));

    /// <summary>
    /// PUT /v1/face-pin as the README describes it: HMAC-SHA256 with the credential's key over
    /// "face-pin:v1\n" + credential + "\n" + unix seconds + "\n" + PIN, lower-case hex.
    /// </summary>
    public async Task<HttpResponseMessage> SetPinAsync(ApiFixture api, string pin, long? timestamp = null, string? proof = null)
    {
        var at = timestamp ?? api.Clock.GetUtcNow().ToUnixTimeSeconds();
        proof ??= Convert.ToHexStringLower(HMACSHA256.HashData(Key, System.Text.Encoding.UTF8.GetBytes($"face-pin:v1\n{Credential}\n{at}\n{pin}")));
        using var request = new HttpRequestMessage(HttpMethod.Put, "/v1/face-pin")
        {
            Content = JsonContent.Create(new { credential = Credential, pin, timestamp = at, proof }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString("N") } },
        };
        return await api.AnonymousClient.SendAsync(request);
    }

    public string Show(string otp)
    {
        var digits = "81" + Credential + otp;
        return digits + LuhnDigit(digits);
    }

    public string Otp(long step)
    {
        var counter = new byte[8];
        for (var i = 7; i >= 0; i--, step >>= 8) counter[i] = (byte)step;
        var mac = HMACSHA256.HashData(Key, counter);
        var offset = mac[^1] & 0x0f;
        var value = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
        return (value % 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static char LuhnDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[^(i + 1)] - '0';
            if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }
}
