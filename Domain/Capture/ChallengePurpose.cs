namespace Ledger.Domain.Capture;

/// <summary>What a challenge may be answered for. Stored by name.</summary>
public enum ChallengePurpose
{
    /// <summary>The terminal signs it with a new device key to prove it holds the key.</summary>
    DeviceKey,
    /// <summary>The terminal's camera binds one face payment's capture to it (the amount and currency are part of it).</summary>
    Capture,
}
