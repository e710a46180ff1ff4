using Ledger.Domain.Merchants;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Marten;

namespace Ledger.Infrastructure.Reads;

/// <summary>One thing a search found: what it is, its stream id, the name it goes by, and (for a wallet) its phone.</summary>
public sealed record SearchHit(string Kind, Guid Id, string Name, string? Phone, string Status);

/// <summary>What a search found, at most the limit asked for; <see cref="More"/> when there were more (refine the search).</summary>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, bool More);

/// <summary>
/// Finds wallets by their customer's phone number (exact, in E.164 however it was typed) or name, and merchants and
/// terminals by name, for people who do not have an id at hand. Names match from their start, case-insensitively, so
/// each kind is one range scan of an index on the lower-cased name (MartenSetup) however many there are; a phone is one
/// lookup in the phone index. Reads the inline snapshots only.
/// </summary>
public sealed class SubjectSearch(IDocumentStore store)
{
    public const int MinLength = 2;
    public const int MaxLength = 100;

    /// <exception cref="ArgumentException">Too short or too long to search by.</exception>
    public async Task<SearchResult> FindAsync(string text, int limit, CancellationToken ct)
    {
        text = text.Trim();
        if (text.Length is < MinLength or > MaxLength)
            throw new ArgumentException($"Search for {MinLength} to {MaxLength} characters: a name's beginning or a phone number.", nameof(text));
        await using var session = store.QuerySession();
        var hits = new List<SearchHit>();
        if (LooksLikePhone(text))
        {
            if (PhoneNumber.TryParse(text, out var phone))
                hits.AddRange((await session.QueryAsync<Wallet>("where phone_number = ? order by id limit ?", ct, phone!.E164, limit + 1))
                    .Select(Hit));
        }
        else
        {
            // Lower-cased by the database, as the index is: every name starting with p sorts in [p, p || chr(1114111)), the
            // greatest code point, in the index's code point order (collation "C"), so a btree range serves the prefix.
            var prefix = text;
            hits.AddRange((await ByName<Wallet>(session, WalletName, prefix, limit, ct)).Select(Hit));
            hits.AddRange((await ByName<Merchant>(session, MerchantName, prefix, limit, ct)).Select(m =>
                new SearchHit("merchant", m.Id, m.Name, null, m.Status.ToString().ToLowerInvariant())));
            hits.AddRange((await ByName<Terminal>(session, TerminalLabel, prefix, limit, ct)).Select(t =>
                new SearchHit("terminal", t.Id, t.Label, null, t.Status.ToString().ToLowerInvariant())));
        }
        var ordered = hits.OrderBy(h => h.Name, StringComparer.OrdinalIgnoreCase).ThenBy(h => h.Kind, StringComparer.Ordinal).ThenBy(h => h.Id).ToList();
        return new SearchResult(ordered.Take(limit).ToList(), ordered.Count > limit);
    }

    // A phone is typed with a leading + (E.164), perhaps with spaces or dashes; anything else is a name.
    private static bool LooksLikePhone(string text) => text.StartsWith('+');

    private static Task<IReadOnlyList<T>> ByName<T>(IQuerySession session, string name, string prefix, int limit, CancellationToken ct) =>
        session.QueryAsync<T>($"where {NameCondition(name)} order by lower({name}) collate \"C\", id limit ?", ct,
            prefix, prefix, prefix, limit + 1);

    /// <summary>Where each kind keeps the name it is found by: the wallet's is a column of its own (MartenSetup), the others' in <c>data</c>.</summary>
    public const string WalletName = "customer_name";
    public const string MerchantName = "data ->> 'name'";
    public const string TerminalLabel = "data ->> 'label'";

    /// <summary>
    /// Rows whose <paramref name="name"/> (a column, or a field of <c>data</c>) starts with the three parameters (<c>?</c>, the
    /// same prefix each time): the range the index on the lower-cased name serves, and the exact test behind it.
    /// </summary>
    public static string NameCondition(string name) =>
        $"lower({name}) collate \"C\" >= lower(?) and lower({name}) collate \"C\" < lower(?) || chr(1114111) " +
        $"and starts_with(lower({name}), lower(?))";

    private static SearchHit Hit(Wallet w) => new("wallet", w.Id, w.CustomerName, w.PhoneNumber, w.Status.ToString().ToLowerInvariant());
}
