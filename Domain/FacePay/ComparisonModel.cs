using Ledger.Domain.Wallets;

namespace Ledger.Domain.FacePay;

/// <summary>A template the vault holds for a customer, by model, still sealed.</summary>
public sealed record TemplateOnFile(Guid WalletId, Guid TemplateId, string ModelId);

/// <summary>
/// Under which model a capture is compared. Templates of different models are never compared with each other, and a 1:N
/// search ranks distances of one model only (its threshold and margin are in that model's units). So the whole search runs
/// under one model: the one in service when every customer the hint allows has a current template of it; otherwise the
/// newest older model (kept for renewal) every such customer has; otherwise the model in service, and whoever lacks its
/// template is not compared (a whole phone number then finds them 1:1 under the older model).
/// </summary>
public static class ComparisonModel
{
    /// <param name="models">The model in service first, then the older models templates are renewed from, newest first.</param>
    public static string Choose(IReadOnlyList<string> models, IEnumerable<TemplateOnFile> found, IReadOnlyDictionary<Guid, Wallet> wallets)
    {
        var comparable = found.Where(t => wallets.TryGetValue(t.WalletId, out var w) && FaceEligibility.MayBeCompared(w, t.TemplateId, t.ModelId)).ToList();
        var customers = comparable.Select(t => t.WalletId).Distinct().ToList();
        return models.FirstOrDefault(m => customers.All(c => comparable.Any(t => t.WalletId == c && t.ModelId == m))) ?? models[0];
    }
}
