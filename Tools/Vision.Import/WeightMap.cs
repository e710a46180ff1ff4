namespace Ledger.Vision.Import;

/// <summary>The tensors of one network by name, as face-api.js's <c>extractWeightEntry</c> sees them.</summary>
internal sealed class WeightMap(string networkName, IReadOnlyList<WeightTensor> tensors)
{
    private readonly Dictionary<string, WeightTensor> _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public string NetworkName { get; } = networkName;

    public IReadOnlyList<WeightTensor> Tensors { get; } = tensors;

    public bool TryGet(string name, out WeightTensor tensor) => _byName.TryGetValue(name, out tensor!);

    /// <summary>The tensor <paramref name="name"/>, checked to have the rank the architecture expects.</summary>
    public WeightTensor Get(string name, int rank)
    {
        if (!_byName.TryGetValue(name, out var tensor))
            throw new ModelImportException($"{NetworkName}: weight {name} is missing from the weights manifest");
        if (tensor.Rank != rank)
            throw new ModelImportException(
                $"{NetworkName}: weight {name} has rank {tensor.Rank}, the architecture expects rank {rank}");
        return tensor;
    }
}
