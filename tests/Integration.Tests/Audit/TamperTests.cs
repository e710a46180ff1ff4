using Ledger.Infrastructure.Audit;
using Ledger.Verifier;

namespace Ledger.Integration.Tests.Audit;

/// <summary>
/// Someone with write access to PostgreSQL edits the log after it was chained and signed. Both the
/// in-database verifier and the offline check of an export must fail and name the event.
/// </summary>
public sealed class TamperTests
{
    [Fact]
    public async Task An_untouched_log_verifies_in_the_database_and_offline()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();

        var inDatabase = await ledger.Verifier.VerifyAsync(default);
        var (summary, offline, _) = await ledger.ExportAndVerifyAsync();

        Assert.Null(inDatabase.Failure);
        Assert.Null(offline.Failure);
        Assert.Equal(await ledger.ScalarAsync<long>("select count(*) from ledger.mt_events"), summary.Events);
        Assert.Equal(summary.Events, offline.EventsChecked);
        Assert.Equal(1, offline.CheckpointsChecked);
        Assert.Equal(ledger.Key.KeyId, offline.KeyId);
    }

    [Fact]
    public async Task A_changed_amount_is_named()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var (seq, id) = await FirstAsync(ledger, "payment_authorized.v1");

        Assert.Equal(1, await ledger.ExecuteAsync($"update ledger.mt_events set data = jsonb_set(data, '{{amount,minor}}', '1') where seq_id = {seq}"));

        await AssertNamedAsync(ledger, AuditFinding.Altered, seq, id);
    }

    [Fact]
    public async Task A_changed_actor_in_the_metadata_is_named()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var (seq, id) = await FirstAsync(ledger, "wallet_paid_out.v1");

        await ledger.ExecuteAsync($"update ledger.mt_events set headers = jsonb_set(headers, '{{actor}}', '\"operator:mallory\"') where seq_id = {seq}");

        await AssertNamedAsync(ledger, AuditFinding.Altered, seq, id);
    }

    [Fact]
    public async Task A_deleted_event_is_named()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var (seq, id) = await FirstAsync(ledger, "wallet_topped_up.v1");

        Assert.Equal(1, await ledger.ExecuteAsync($"delete from ledger.mt_events where seq_id = {seq}"));

        await AssertNamedAsync(ledger, AuditFinding.Missing, seq, id);
    }

    [Fact]
    public async Task Two_swapped_events_are_named_at_the_first_of_them()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var (first, _) = await FirstAsync(ledger, "payment_authorized.v1");
        var second = first + 3;
        var movedThere = await ledger.ScalarAsync<Guid>($"select id from ledger.mt_events where seq_id = {second}");

        await ledger.ExecuteAsync($"update ledger.mt_events set seq_id = -1 where seq_id = {first}");
        await ledger.ExecuteAsync($"update ledger.mt_events set seq_id = {first} where seq_id = {second}");
        await ledger.ExecuteAsync($"update ledger.mt_events set seq_id = {second} where seq_id = -1");

        var inDatabase = await ledger.Verifier.VerifyAsync(default);
        Assert.Equal(AuditFinding.Replaced, inDatabase.Failure?.Code);
        Assert.Equal(first, inDatabase.Failure!.Seq);
        Assert.Equal(movedThere, inDatabase.Failure.EventId);
        // The export carries the event now stored at that seq; its hash no longer fits there.
        var (_, offline, _) = await ledger.ExportAndVerifyAsync();
        Assert.Equal(AuditFinding.Altered, offline.Failure?.Code);
        Assert.Equal(first, offline.Failure!.Seq);
        Assert.Equal(movedThere, offline.Failure.EventId);
    }

    [Fact]
    public async Task An_event_slipped_into_a_hole_below_the_chain_head_is_named()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        var hole = await ledger.ScalarAsync<long>("select nextval('ledger.mt_events_sequence')"); // taken, never used: a rolled-back append
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var (seq, _) = await FirstAsync(ledger, "wallet_paid_out.v1");
        var forged = Guid.NewGuid();

        // A copy of a real payout, put where the chain saw nothing.
        await ledger.ExecuteAsync(
            "insert into ledger.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, causation_id, headers, is_archived) " +
            $"select {hole}, '{forged}', stream_id, version + 1000, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, causation_id, headers, false " +
            $"from ledger.mt_events where seq_id = {seq}");

        await AssertNamedAsync(ledger, AuditFinding.Unchained, hole, forged);
    }

    [Fact]
    public async Task Marten_filling_a_passed_hole_later_with_an_empty_tombstone_is_not_an_insertion_but_a_tombstone_carrying_anything_is()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        var hole = await ledger.ScalarAsync<long>("select nextval('ledger.mt_events_sequence')"); // drawn by an append that failed
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        Assert.Equal(1L, await ledger.ScalarAsync<long>($"select count(*) from ledger.audit_gaps where seq = {hole}"));
        var (seq, _) = await FirstAsync(ledger, "wallet_opened.v1");
        var tombstone = Guid.NewGuid();

        // What Marten writes, on a connection of its own, for the sequence numbers a failed append drew: an empty
        // "tombstone" event. Here it lands after the chain writer proved the hole dead and passed it.
        await ledger.ExecuteAsync(
            "insert into ledger.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived) " +
            $"select {hole}, '{tombstone}', stream_id, version + 1000, '{{}}'::jsonb, 'tombstone', timestamp, tenant_id, 'Marten.Events.Operations.Tombstone, Marten', false " +
            $"from ledger.mt_events where seq_id = {seq}");
        Assert.Null((await ledger.Verifier.VerifyAsync(default)).Failure);
        var (_, offline, _) = await ledger.ExportAndVerifyAsync();
        Assert.Null(offline.Failure);

        // The same row carrying something is an insertion, named as any other.
        await ledger.ExecuteAsync($"update ledger.mt_events set data = '{{\"amount\": {{\"minor\": 100}}}}'::jsonb where seq_id = {hole}");
        await AssertNamedAsync(ledger, AuditFinding.Unchained, hole, tombstone);
    }

    [Fact]
    public async Task Rewriting_the_chain_to_fit_a_changed_event_is_caught_by_the_signed_checkpoint()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        var checkpoint = await ledger.SealAsync();
        var (seq, _) = await FirstAsync(ledger, "payment_authorized.v1");

        // The forger changes the amount and recomputes every chain hash from there (they know the algorithm,
        // not the signing key).
        await ledger.ExecuteAsync($"update ledger.mt_events set data = jsonb_set(data, '{{amount,minor}}', '1') where seq_id = {seq}");
        await ledger.ExecuteAsync($"delete from ledger.audit_chain where seq >= {seq}");
        await ledger.Chain.CatchUpAsync(AuditedLedger.Timeout());

        var inDatabase = await ledger.Verifier.VerifyAsync(default);
        Assert.Equal(AuditFinding.CheckpointMismatch, inDatabase.Failure?.Code);
        Assert.Equal(checkpoint.Statement.Seq, inDatabase.Failure!.Seq);
        var (_, offline, _) = await ledger.ExportAndVerifyAsync();
        Assert.Equal(AuditFinding.CheckpointMismatch, offline.Failure?.Code);
    }

    [Fact]
    public async Task A_checkpoint_edited_in_the_database_fails_its_signature()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        var checkpoint = await ledger.SealAsync();

        await ledger.ExecuteAsync($"update ledger.audit_checkpoints set size = size - 1 where seq = {checkpoint.Statement.Seq}");

        var inDatabase = await ledger.Verifier.VerifyAsync(default);
        Assert.Equal(AuditFinding.BadSignature, inDatabase.Failure?.Code);
        Assert.Equal(checkpoint.Statement.Seq, inDatabase.Failure!.Seq);
    }

    private static async Task AssertNamedAsync(AuditedLedger ledger, string code, long seq, Guid eventId)
    {
        var inDatabase = await ledger.Verifier.VerifyAsync(default);
        Assert.Equal(code, inDatabase.Failure?.Code);
        Assert.Equal(seq, inDatabase.Failure!.Seq);
        Assert.Equal(eventId, inDatabase.Failure.EventId);
        Assert.Contains(eventId.ToString(), inDatabase.Failure.Message);

        var (_, offline, _) = await ledger.ExportAndVerifyAsync();
        Assert.Equal(code, offline.Failure?.Code);
        Assert.Equal(seq, offline.Failure!.Seq);
        Assert.Equal(eventId, offline.Failure.EventId);
    }

    private static async Task<(long Seq, Guid Id)> FirstAsync(AuditedLedger ledger, string type) =>
        (await ledger.ScalarAsync<long>($"select min(seq_id) from ledger.mt_events where type = '{type}'"),
         await ledger.ScalarAsync<Guid>($"select id from ledger.mt_events where type = '{type}' order by seq_id limit 1"));
}
