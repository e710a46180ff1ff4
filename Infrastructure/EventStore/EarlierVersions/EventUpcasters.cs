using Ledger.Domain.Access;
using Ledger.Domain.Wallets;
using Marten;

namespace Ledger.Infrastructure.EventStore.EarlierVersions;

/// <summary>
/// The rule for stored events: once written, a name's JSON shape never changes. A changed schema gets a new name
/// (<c>….v2</c>) for what is written from then on, and the earlier name an upcaster to the current type, so that JSON
/// written under any earlier name stays readable forever (folds, projections, replays, audits). The stored rows
/// themselves are never rewritten: the audit chain hashes them as they are. <c>EventSchemaSnapshotTests</c> fails when a
/// name's shape changes.
/// </summary>
public static class EventUpcasters
{
    /// <summary>Each earlier stored name: the record its JSON reads into, and the current event type it becomes.</summary>
    public static readonly IReadOnlyDictionary<string, (Type Stored, Type Current)> Earlier = new Dictionary<string, (Type, Type)>
    {
        ["credential_issued.v1"] = (typeof(CredentialIssuedV1), typeof(CredentialIssued)),
        ["face_pay_enabled.v1"] = (typeof(FacePayEnabledV1), typeof(FacePayEnabled)),
    };

    internal static void Register(StoreOptions options)
    {
        options.Events.Upcast<CredentialIssuedV1, CredentialIssued>("credential_issued.v1", v1 => v1.Upcast());
        options.Events.Upcast<FacePayEnabledV1, FacePayEnabled>("face_pay_enabled.v1", v1 => v1.Upcast());
    }

    /// <summary>Every name events of <paramref name="current"/> were stored under: its own and the earlier ones upcast to it.</summary>
    public static IEnumerable<string> StoredNamesOf(Type current) =>
        Earlier.Where(e => e.Value.Current == current).Select(e => e.Key).Prepend(EventTypeNames.All[current]);
}
