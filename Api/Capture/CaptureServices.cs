using Ledger.Domain.Application;
using Ledger.Infrastructure.Capture;

namespace Ledger.Api.Capture;

public static class CaptureServices
{
    /// <summary>
    /// Device keys and capture statements: challenges, registration (roots pinned by the PEM file
    /// <c>Terminals:AttestationRoots</c>; none pinned means no key can be hardware-attested) and the statement check.
    /// </summary>
    public static WebApplicationBuilder AddCapture(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CaptureUseCases>();
        builder.Services.AddSingleton(DeviceAttestation.FromPemFile(builder.Configuration["Terminals:AttestationRoots"]));
        builder.Services.AddSingleton<ICaptureStatementVerifier, CaptureStatementVerifier>();
        builder.Services.AddSingleton(LiveChallengeOptions.Policy(builder.Configuration));
        return builder;
    }
}
