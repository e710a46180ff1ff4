using System.Security.Cryptography;
using Ledger.Api.Tests.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Terminal;
using Ledger.Terminal.Capture;
using Ledger.Terminal.Http;
using Ledger.Terminal.Payments;

namespace Ledger.Api.Tests.Capture;

/// <summary>
/// The terminal SDK's attested flow against the service, end to end: the camera module's key registered over a challenge
/// (hardware-attested by a chain to the pinned root), then a face payment in one call (challenge, capture, statement,
/// payment). The module's counter must rise: the same counter again is refused before any face work.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TerminalSdkCaptureTests(ApiFixture api)
{
    private readonly FacePayDriver _driver = new(api);

    [Fact]
    public async Task A_till_registers_its_module_and_pays_with_an_attested_capture_through_the_sdk()
    {
        var terminal = await api.RegisterTerminalAsync();
        var penny = await _driver.EnrolledAsync("penny");
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var module = DeviceKey.FromEcdsa(ec);
        var client = api.TerminalClient(terminal);
        IReadOnlyList<CaptureChallenge> asked = [];
        Task<IReadOnlyList<byte[]>> Camera(CaptureChallenge challenge, CancellationToken _)
        {
            asked = [.. asked, challenge];
            return Task.FromResult<IReadOnlyList<byte[]>>([Faces.Crop("penny", 5)]);
        }

        var registration = await client.RegisterDeviceKeyAsync(module, ApiFixture.Key(), [TestAttestationRoot.Trusted.Certify(ec)]);
        var paid = await client.PayWithAttestedCaptureAsync(Amount.Parse("3.40", "EUR"), CustomerHint.Phone(penny.Phone), module, counter: 1, Camera,
            ApiFixture.Key());
        var rewound = await client.PayWithAttestedCaptureAsync(Amount.Parse("3.40", "EUR"), CustomerHint.Phone(penny.Phone), module, counter: 1, Camera,
            ApiFixture.Key());

        Assert.Equal((module.KeyId, "ES256", "hardware-attested"), (registration.DeviceKeyId, registration.Algorithm, registration.Assurance));
        Assert.IsType<PaymentOutcome.Authorized>(paid);
        Assert.Equal((null, 1), (asked[0].Movement, asked[0].Frames));
        var refused = Assert.IsType<PaymentOutcome.Refused>(rewound);
        Assert.Equal((422, "capture-counter-not-increasing"), (refused.Status, refused.Code));
    }

    [Fact]
    public async Task A_refused_registration_is_typed_with_the_services_problem()
    {
        var terminal = await api.RegisterTerminalAsync();
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // A chain that certifies another key: not this module's.
        var refused = await Assert.ThrowsAsync<TerminalRequestRefused>(() =>
            api.TerminalClient(terminal).RegisterDeviceKeyAsync(DeviceKey.FromEcdsa(ec), ApiFixture.Key(), [TestAttestationRoot.Trusted.Certify(other)]));

        Assert.Equal((422, "urn:ledger:problem:attestation-invalid"), (refused.Status, refused.Problem.Type));
    }
}
