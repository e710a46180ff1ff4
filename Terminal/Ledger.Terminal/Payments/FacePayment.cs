namespace Ledger.Terminal.Payments;

/// <summary>A template computed on the device by the model it names (accepted only where the service allows it).</summary>
public sealed record OnDeviceTemplate(string ModelId, float[] Values);

/// <summary>
/// Verify-and-pay: the amount, the customer hint and exactly one of the capture (<see cref="Image"/>), a live challenge's
/// frames (<see cref="Frames"/>) or an on-device template; the capture statement (COSE_Sign1 bytes) where the service asks
/// for attested captures; the PIN above the policy's amount (HTTP only: never on the bus).
/// </summary>
public sealed record FacePayment(Amount Amount, CustomerHint Customer, byte[]? Image = null, IReadOnlyList<byte[]>? Frames = null,
    OnDeviceTemplate? Template = null, byte[]? Statement = null, string? Pin = null);
