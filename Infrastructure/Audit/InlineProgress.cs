namespace Ledger.Infrastructure.Audit;

/// <summary>Reports on the caller's thread, in order (<see cref="Progress{T}"/> would post each report for later, out of order).</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
