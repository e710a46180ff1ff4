using Ledger.Domain.Application;
using Ledger.Domain.FacePay;
using Ledger.Infrastructure.Biometrics;

namespace Ledger.Api.FacePay;

/// <summary>
/// After the recognition model changes, every template made by another model is marked as needing re-enrolment
/// (one event per customer), so the terminal gets "reenrolment_required" instead of a comparison across models.
/// </summary>
public sealed class TemplateUpgrade(BiometricVault vault, FacePayUseCases useCases)
{
    /// <returns>The customers whose template is now marked (including ones an earlier sweep marked).</returns>
    public async Task<int> MarkOutdatedAsync(string currentModelId, CommandContext context, CancellationToken ct)
    {
        var outdated = 0;
        foreach (var walletId in await vault.WalletsWithOtherModelAsync(currentModelId, ct))
        {
            // One key per customer and model, derived from the sweep's key: a repeated sweep changes nothing.
            var perWallet = context with { IdempotencyKey = $"{context.IdempotencyKey}/{walletId:N}" };
            var result = await useCases.DecideAsync(new MarkTemplateOutdated(walletId, currentModelId, context.Now), perWallet, ct);
            if (result.Outcome.Biometrics.Templates.Any(t => t.Outdated)) outdated++;
        }
        return outdated;
    }
}
