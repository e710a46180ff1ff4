using Ledger.Domain.Capture;

namespace Ledger.Api.Capture;

/// <summary>
/// When capture challenges ask for a head movement (section <c>FacePay:Capture:LiveChallenge</c>): <c>Always</c>,
/// <c>Above</c> (an amount), <c>RegisteredKeys</c> (terminals without a hardware-attested key), <c>AfterFailures</c>
/// (failed attempts at the terminal within <c>FailureWindowMinutes</c>, 10 by default) and <c>Frames</c> (3 by
/// default). Nothing set: never (docs/PAD.md says why).
/// </summary>
public static class LiveChallengeOptions
{
    public static LiveChallengePolicy Policy(IConfiguration configuration)
    {
        var section = configuration.GetSection("FacePay:Capture:LiveChallenge");
        var off = LiveChallengePolicy.Off;
        var policy = new LiveChallengePolicy(
            section.GetValue("Always", off.Always),
            section.GetValue<decimal?>("Above"),
            section.GetValue("RegisteredKeys", off.RegisteredKeys),
            section.GetValue<int?>("AfterFailures"),
            TimeSpan.FromMinutes(section.GetValue("FailureWindowMinutes", off.FailureWindow.TotalMinutes)),
            section.GetValue("Frames", off.Frames));
        policy.EnsureValid();
        return policy;
    }
}
