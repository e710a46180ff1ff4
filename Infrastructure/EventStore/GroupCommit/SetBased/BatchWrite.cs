using Ledger.Domain.Application;
using Ledger.Infrastructure.Journal;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Infrastructure.EventStore.GroupCommit.SetBased;

/// <summary>
/// Writes what a set-based batch decided, in one round trip and one statement per table: the versions of the streams it
/// loaded checked and moved, the streams it started, the events in the order they were decided (their
/// sequence numbers taken in that order, inside the transaction, as Marten's quick append takes them), the snapshots as
/// they stand after the batch, the idempotency records, the journal entries and postings. The balance rows move once per
/// transaction (<see cref="BalanceDeltas"/>): with this write when the batch is the transaction's last work, else later.
/// The last work also sends the commit in the same round trip. A moved version must then stop the commit inside the
/// server, so the check raises an error there: the statements after a failed one, the commit among them, are not run.
/// A batch decided on cached snapshots also checks that the streams it only read have not moved (without locking them:
/// what a read at the batch's start would have promised), and sets its savepoint here when it read nothing.
/// </summary>
internal static class BatchWrite
{
    /// <param name="balances">The transaction's balance changes to apply with the batch's own in this round trip; null: later.</param>
    /// <param name="commit">Whether the transaction commits in this round trip (balances given: nothing else is left for it).</param>
    /// <exception cref="ConcurrencyConflict">a stream the batch loaded changed since it was read; nothing was committed.</exception>
    /// <param name="built">Called once the statements are built, just before their round trip (to time the two apart).</param>
    public static async Task RunAsync(SetBasedBatch batch, BalanceDeltas? balances, bool commit, NpgsqlConnection connection,
        NpgsqlTransaction transaction, CancellationToken ct, Action? built = null)
    {
        if (commit && balances is null) throw new ArgumentException("A committing write applies the transaction's balances.", nameof(balances));
        var schema = batch.Schema;
        var streams = batch.Streams.OrderBy(s => s.Id).ToList();
        var moved = streams.Where(s => s.ReadVersion > 0 && (s.Checked || s.Appended)).ToList();
        var started = streams.Where(s => s.ReadVersion == 0 && s.Appended).ToList();
        await using var write = new NpgsqlBatch(connection, transaction);
        batch.SetSavepointIn(write);
        // The statements' plans do not depend on their arrays, but the planner sizes a given array exactly and an unknown
        // one at ten rows, so under the default mode a batch of fewer than ten is planned again at every run. Local to the
        // transaction, which the write ends; rolled back with the savepoint; a write that does not commit leaves it unset,
        // so commands run after it in the transaction plan as always.
        if (commit) write.BatchCommands.Add(new NpgsqlBatchCommand(GenericPlans));

        // Fewer rows moved than read: the division by zero is the error that stops the rest (its divisor is known only
        // when the statement runs, so the planner cannot raise it early).
        var check = Add(write,
            $"with moved as (update {schema}.mt_streams s set version = u.version, " +
            "timestamp = case when u.version > u.expected then now() else s.timestamp end " +
            "from unnest($1::uuid[], $2::bigint[], $3::bigint[]) as u(id, expected, version) " +
            "where s.id = u.id and s.version = u.expected and not s.is_archived returning 1) " +
            "select 1 / (case when (select count(*) from moved) = $4 then 1 else 0 end)",
            moved.Select(s => s.Id).ToArray(), moved.Select(s => s.ReadVersion).ToArray(), moved.Select(s => s.Version).ToArray(),
            (long)moved.Count);
        var cachedReads = batch.CachedReads;
        var unmoved = cachedReads.Count == 0 ? null : Add(write,
            $"select 1 / (case when (select count(*) from unnest($1::uuid[], $2::bigint[]) as u(id, version) join {schema}.mt_streams s " +
            "on s.id = u.id and s.version = u.version and not s.is_archived) = $3 then 1 else 0 end)",
            cachedReads.Select(r => r.Id).ToArray(), cachedReads.Select(r => r.Version).ToArray(), (long)cachedReads.Count);
        if (started.Count > 0)
            Add(write,
                $"insert into {schema}.mt_streams (id, type, version, timestamp, tenant_id) " +
                "select id, type, version, now(), '*DEFAULT*' from unnest($1::uuid[], $2::varchar[], $3::bigint[]) as u(id, type, version)",
                started.Select(s => s.Id).ToArray(), started.Select(s => s.Kind.Alias).ToArray(), started.Select(s => s.Version).ToArray());
        if (batch.Events.Count > 0)
            Add(write,
                $"insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived, " +
                "causation_id, correlation_id, headers) " +
                $"select nextval('{schema}.mt_events_sequence'), id, stream_id, version, data, type, '*DEFAULT*', (now() at time zone 'utc'), " +
                "dotnet_type, false, causation, correlation, headers from (" +
                "select * from unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::jsonb[], $5::varchar[], $6::varchar[], $7::varchar[], $8::varchar[], $9::jsonb[]) " +
                "with ordinality as e(id, stream_id, version, data, type, dotnet_type, causation, correlation, headers, n) order by n) as ordered",
                batch.Events.Select(e => e.Id).ToArray(), batch.Events.Select(e => e.StreamId).ToArray(),
                batch.Events.Select(e => e.Version).ToArray(), Json(batch.Events.Select(e => batch.Serializer.ToJson(e.Data))),
                batch.Events.Select(e => e.TypeName).ToArray(), batch.Events.Select(e => e.DotNetType).ToArray(),
                batch.Events.Select(e => e.CausationId).ToArray(), batch.Events.Select(e => e.CorrelationId).ToArray(),
                Json(batch.Events.Select(e => e.Headers)));
        // A stream the batch starts has no snapshot yet (its row is inserted above, which fails if it existed): a plain
        // insert, without the upsert's look into the key's index before the insert's own.
        foreach (var kind in streams.Where(s => s.Appended).GroupBy(s => (s.Kind, Started: s.ReadVersion == 0)))
        {
            // The snapshot's duplicated fields follow its data, as in Marten's upsert, from the fifth parameter on.
            var columns = kind.Key.Kind.Duplicated;
            var names = string.Concat(columns.Select(c => ", " + c.Name));
            var arrays = string.Concat(columns.Select((_, i) => $", ${i + 5}::varchar[]"));
            Add(write,
                $"insert into {kind.Key.Kind.Table(schema)} as d (id, data, mt_dotnet_type, mt_version, mt_last_modified{names}) " +
                $"select id, data, $4, version, transaction_timestamp(){names} from unnest($1::uuid[], $2::jsonb[], $3::bigint[]{arrays}) " +
                $"as u(id, data, version{names})" +
                (kind.Key.Started ? "" :
                    " on conflict (id) do update set data = excluded.data, mt_dotnet_type = excluded.mt_dotnet_type, " +
                    "mt_version = excluded.mt_version, mt_last_modified = excluded.mt_last_modified" +
                    string.Concat(columns.Select(c => $", {c.Name} = excluded.{c.Name}"))),
                [
                    kind.Select(s => s.Id).ToArray(), Json(kind.Select(s => batch.Serializer.ToJson(s.State))),
                    kind.Select(s => s.Version).ToArray(), kind.Key.Kind.DotNetType,
                    .. columns.Select(c => (object)kind.Select(s => c.Value(s.State!)).ToArray()),
                ]);
        }
        if (batch.Records.Count > 0)
            Add(write,
                $"insert into {DocumentTables.Of(schema, typeof(IdempotencyDocument))} (id, data, mt_dotnet_type) select id, data, $3 from unnest($1::varchar[], $2::jsonb[]) as r(id, data)",
                batch.Records.Select(r => r.Id).ToArray(), Json(batch.Records.Select(r => batch.Serializer.ToJson(r))),
                typeof(IdempotencyDocument).FullName!);
        if (batch.Entries.Count > 0)
        {
            Add(write,
                $"insert into {schema}.{JournalSchema.Entries} (entry_id, kind, posted_at, stream_id, event_id) " +
                "select * from unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::uuid[], $5::uuid[])",
                batch.Entries.Select(e => e.Entry.EntryId).ToArray(), batch.Entries.Select(e => e.Entry.Kind).ToArray(),
                batch.Entries.Select(e => e.Entry.PostedAt.ToUniversalTime()).ToArray(), batch.Entries.Select(e => e.StreamId).ToArray(),
                batch.Entries.Select(e => e.EventId).ToArray());
            var postings = batch.Entries.SelectMany(e => e.Entry.Postings.Select((p, line) => (e.Entry.EntryId, Line: line, Posting: p))).ToList();
            Add(write,
                $"insert into {schema}.{JournalSchema.Postings} (entry_id, line, account, currency, amount_minor) " +
                "select * from unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::bigint[])",
                postings.Select(p => p.EntryId).ToArray(), postings.Select(p => p.Line).ToArray(),
                postings.Select(p => p.Posting.Account.Code).ToArray(), postings.Select(p => p.Posting.Amount.Currency.Code).ToArray(),
                postings.Select(p => p.Posting.Amount.Minor).ToArray());
        }

        if (balances is not null && !(balances.IsEmpty && batch.Balances.IsEmpty))
            write.BatchCommands.Add(BalanceDeltas.Statement(schema, balances, batch.Balances));

        if (commit) write.BatchCommands.Add(new NpgsqlBatchCommand(Commit));

        built?.Invoke();
        try
        {
            await write.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.BatchCommand == check)
        {
            throw new ConcurrencyConflict($"A stream of the batch's {moved.Count} changed since it was read.", e);
        }
        catch (PostgresException e) when (e.BatchCommand is not null && e.BatchCommand == unmoved)
        {
            throw new ConcurrencyConflict($"A stream of the {cachedReads.Count} the batch read from its cache has moved on.", e);
        }
    }

    /// <summary>
    /// Whether a committing write failed at a statement before its commit, which the server then did not run: nothing was
    /// committed. Any other failure (in the commit, or no answer at all) leaves the outcome unknown.
    /// </summary>
    public static bool FailedBeforeCommit(Exception error) =>
        error is ConcurrencyConflict || error is PostgresException { BatchCommand.CommandText: not Commit };

    private const string Commit = "commit";
    private const string GenericPlans = "set local plan_cache_mode = force_generic_plan";

    private static NpgsqlBatchCommand Add(NpgsqlBatch batch, string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(value is JsonArray json
                ? new NpgsqlParameter { Value = json.Values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb }
                : new NpgsqlParameter { Value = value });
        batch.BatchCommands.Add(command);
        return command;
    }

    private static JsonArray Json(IEnumerable<string> values) => new(values.ToArray());

    private sealed record JsonArray(string[] Values);
}
