using Npgsql;
using NpgsqlTypes;

namespace Ledger.Infrastructure.Journal;

/// <summary>
/// The balance changes of one group-commit transaction, summed per account and applied by one statement just before its
/// commit, in account order. Why: every writer then locks balance rows in the same order (two writers paying the same
/// merchants cannot deadlock), and a hot merchant's row is locked once per batch for the length of the commit, not from
/// each payment's posting until the end of a batch of thirty. The journal entries and postings are still written by each
/// command, under its savepoint; only the running totals wait for the end.
/// </summary>
internal sealed class BalanceDeltas
{
    private static readonly AsyncLocal<BalanceDeltas?> Collecting = new();
    private readonly Dictionary<(string Account, string Currency, short Slot), (long Minor, long Postings)> _sums = [];

    /// <summary>
    /// Where the journal projection adds the postings of the command running on this flow, when its writer defers them
    /// (<see cref="CollectFor"/>); null everywhere else, and the projection moves the balance rows itself.
    /// </summary>
    public static BalanceDeltas? Current => Collecting.Value;

    /// <summary>
    /// Collects the balance changes of the code run until the returned scope ends. The scope must end in the same async
    /// method that began it (an async method's changes to the flow do not reach its caller).
    /// </summary>
    public static Scope CollectFor(BalanceDeltas deltas)
    {
        var previous = Collecting.Value;
        Collecting.Value = deltas;
        return new Scope(previous);
    }

    public bool IsEmpty => _sums.Count == 0;

    public void Add(string account, string currency, short slot, long minor)
    {
        var key = (account, currency, slot);
        var (sum, postings) = _sums.GetValueOrDefault(key);
        _sums[key] = (checked(sum + minor), postings + 1);
    }

    /// <summary>Takes in another command's changes (it committed to its savepoint) and leaves it empty.</summary>
    public void MoveFrom(BalanceDeltas other)
    {
        foreach (var (key, (minor, postings)) in other._sums)
        {
            var (sum, count) = _sums.GetValueOrDefault(key);
            _sums[key] = (checked(sum + minor), count + postings);
        }
        other._sums.Clear();
    }

    public void Clear() => _sums.Clear();

    /// <summary>One statement: every row's total, in account, currency and slot order, added to it (made if new).</summary>
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, CancellationToken ct)
    {
        if (IsEmpty) return;
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { Statement(schema, this) } };
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The statement that applies these changes and <paramref name="more"/>'s together (neither is emptied).</summary>
    public static NpgsqlBatchCommand Statement(string schema, BalanceDeltas first, BalanceDeltas? more = null)
    {
        var sums = new Dictionary<(string Account, string Currency, short Slot), (long Minor, long Postings)>(first._sums);
        foreach (var (key, (minor, postings)) in more?._sums ?? [])
        {
            var (sum, count) = sums.GetValueOrDefault(key);
            sums[key] = (checked(sum + minor), count + postings);
        }
        // Ordinal: the order of collation "C" that JournalProjection locks in, so the two paths never lock in reverse.
        var rows = sums.OrderBy(s => s.Key.Account, StringComparer.Ordinal).ThenBy(s => s.Key.Currency, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Slot).ToList();
        var command = new NpgsqlBatchCommand(
            $"insert into {schema}.{JournalSchema.Balances} as b (account, currency, slot, balance_minor, postings) " +
            "select account, currency, slot, minor, postings from unnest($1, $2, $3, $4, $5) with ordinality as d(account, currency, slot, minor, postings, n) " +
            "order by n " +
            "on conflict (account, currency, slot) do update set balance_minor = b.balance_minor + excluded.balance_minor, postings = b.postings + excluded.postings");
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Key.Account).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Key.Currency).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Key.Slot).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Value.Minor).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Value.Postings).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        return command;
    }

    public readonly struct Scope(BalanceDeltas? previous) : IDisposable
    {
        public void Dispose() => Collecting.Value = previous;
    }
}
