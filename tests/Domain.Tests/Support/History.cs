namespace Ledger.Domain.Tests.Support;

public static class History
{
    /// <summary>Splices prepared histories (arrays of events, arrays of those) into one sequence of events.</summary>
    public static IEnumerable<object> Flatten(IEnumerable<object> items) =>
        items.SelectMany(item => item is IEnumerable<object> nested ? Flatten(nested) : [item]);
}
