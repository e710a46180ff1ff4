using System.Collections.Concurrent;
using Ledger.Domain.Merchants;
using Ledger.Domain.PaymentCodes;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;

namespace Ledger.Infrastructure.EventStore.GroupCommit.SetBased;

/// <summary>
/// What the set-based path knows how to write without Marten: streams whose only inline projection besides the journal
/// is their own snapshot, folded by the domain's Evolve (as <see cref="Projections.WalletProjection"/> and
/// <see cref="Projections.PaymentProjection"/> do), and the documents it may read. Anything else goes Marten's way.
/// Terminal and payment-credential streams are only appended to here (a failed attempt at a till, a code's step used):
/// their registration writes more than events, so Marten starts them.
/// </summary>
internal static class SetBasedStreams
{
    /// <summary>
    /// A stream kind: its snapshot document, the events it may carry, how they fold, whether a batch may start one,
    /// whether the <see cref="SnapshotCache"/> keeps its snapshots (not a payment's: decided once, then read elsewhere),
    /// and the snapshot's fields Marten keeps in columns of their own beside <c>data</c> (MartenSetup's Duplicate), which
    /// a write of the snapshot must keep as Marten's upsert does.
    /// </summary>
    public sealed record Kind(Type Aggregate, Type Family, string Alias, Func<object?, object, object?> Evolve, bool Starts = true,
        bool Remembered = true)
    {
        public string Table(string schema) => DocumentTables.Of(schema, Aggregate);
        public string DotNetType => Aggregate.FullName!;
        public IReadOnlyList<Column> Duplicated { get; init; } = [];
    }

    /// <summary>A snapshot field Marten duplicates into a text column (its name, and the field's value in a snapshot).</summary>
    public sealed record Column(string Name, Func<object, string?> Value);

    private static readonly Dictionary<Type, Kind> Writable = new()
    {
        [typeof(Wallet)] = new(typeof(Wallet), typeof(IWalletEvent), "wallet", (s, e) => WalletEvolution.Evolve((Wallet?)s, e))
        {
            Duplicated = [new("phone_number", s => ((Wallet)s).PhoneNumber), new("customer_name", s => ((Wallet)s).CustomerName)],
        },
        [typeof(Payment)] = new(typeof(Payment), typeof(IPaymentEvent), "payment", (s, e) => PaymentDecider.Evolve((Payment?)s, e),
            Remembered: false),
        [typeof(Terminal)] = new(typeof(Terminal), typeof(ITerminalEvent), "terminal", (s, e) => TerminalDecider.Evolve((Terminal?)s, e),
            Starts: false),
        [typeof(PaymentCredential)] = new(typeof(PaymentCredential), typeof(IPaymentCredentialEvent), "payment_credential",
            (s, e) => PaymentCredentialDecider.Evolve((PaymentCredential?)s, e), Starts: false),
    };

    /// <summary>Documents read but never written here (besides the writable kinds' snapshots).</summary>
    private static readonly HashSet<Type> Readable = [typeof(Merchant)];

    public static Kind? WritableKind(Type aggregate) => Writable.GetValueOrDefault(aggregate);

    public static IEnumerable<Kind> WritableKinds => Writable.Values;

    public static bool CanRead(Type document) => Readable.Contains(document);

    // Asked once per event decided: the assembly's name is built anew on every call to GetName.
    private static readonly ConcurrentDictionary<Type, (string Name, string DotNetType)> EventTypes = new();

    /// <summary>The event's stored name and .NET type, as Marten records them.</summary>
    public static (string Name, string DotNetType) EventType(Type type) => EventTypes.GetOrAdd(type, static t =>
        (EventTypeNames.All.TryGetValue(t, out var name) ? name : throw new NotBatchable($"{t.Name} has no stored name."),
            $"{t.FullName}, {t.Assembly.GetName().Name}"));
}

/// <summary>Thrown where the set-based path meets what only Marten's unit of work handles: the command goes that way.</summary>
internal sealed class NotBatchable(string reason) : Exception(reason);
