using Ledger.Domain.PaymentCodes;

namespace Ledger.Domain.Application;

/// <summary>
/// A payment credential's key, unsealed, and the wallet it was issued for as recorded beside the key. The wallet lets a
/// payment load it in its first round trip; the decision still takes the wallet the credential's own stream names.
/// <paramref name="Credential"/> is the credential's stream as read with the key (null: not read), so a store that checks
/// versions need not read it again.
/// </summary>
public sealed record CredentialKey(byte[] Key, Guid WalletId, StreamAsRead<PaymentCredential>? Credential = null);
