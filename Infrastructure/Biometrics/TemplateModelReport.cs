namespace Ledger.Infrastructure.Biometrics;

/// <summary>
/// Where a model upgrade stands: customers who can pay under the model in service, those of them who also keep an older
/// model's template, and the customers still on an older model only (their next payment renews them, or they re-enrol).
/// </summary>
/// <param name="OnOlderModelsOnly">Sum over <paramref name="OlderModels"/> (a customer with templates of two older models and
/// none of the current one counts under each).</param>
public sealed record TemplateModelReport(
    string CurrentModelId, long OnCurrentModel, long OnCurrentAndOlderModel, long OnOlderModelsOnly, IReadOnlyList<OlderModelCount> OlderModels);

/// <summary>Customers whose only templates are of <paramref name="ModelId"/>, an older model than the one in service.</summary>
public sealed record OlderModelCount(string ModelId, long CustomersOnlyOnIt);
