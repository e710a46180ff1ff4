using System.Globalization;
using Ledger.Domain.Application;
using Ledger.Domain.Approvals;
using Ledger.Domain.FacePay;

namespace Ledger.Api.Approvals;

public static class ApprovalServices
{
    /// <summary>
    /// Four eyes on sensitive operator acts (<see cref="FourEyesPolicy"/>): <c>FourEyes:PayoutAbove</c> (a decimal in
    /// the wallet's currency, default 100.00) and <c>FourEyes:ValidForHours</c> (default 24).
    /// </summary>
    public static WebApplicationBuilder AddFourEyes(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("FourEyes");
        var d = FourEyesPolicy.Default;
        var policy = new FourEyesPolicy(
            section["PayoutAbove"] is { } above ? decimal.Parse(above, CultureInfo.InvariantCulture) : d.PayoutAbove,
            TimeSpan.FromHours(section.GetValue("ValidForHours", d.ValidFor.TotalHours)));
        if (policy.PayoutAbove < 0 || policy.ValidFor <= TimeSpan.Zero) throw new InvalidOperationException($"FourEyes is not valid: {policy}.");
        builder.Services.AddSingleton(policy);
        builder.Services.AddSingleton(sp => new ApprovalUseCases(sp.GetRequiredService<CommandExecutor>(), policy,
            sp.GetRequiredService<FacePayUseCases>().Quality));
        return builder;
    }
}
