namespace Ledger.Domain.Application;

/// <summary>
/// What a face payment may come with, short of a capture statement signed by the terminal's device key. Both are off
/// in a production configuration: any photo can be sent as a capture, and the face network is public, so a template
/// can be computed from a photo without the shopper.
/// </summary>
/// <param name="AcceptUnattestedCaptures">A capture without a statement is compared (recorded as unattested).</param>
/// <param name="AcceptUnattestedTemplates">An on-device template counts without a hardware-attested statement.</param>
public sealed record CaptureIntake(bool AcceptUnattestedCaptures, bool AcceptUnattestedTemplates)
{
    public static readonly CaptureIntake AttestedOnly = new(false, false);
}
