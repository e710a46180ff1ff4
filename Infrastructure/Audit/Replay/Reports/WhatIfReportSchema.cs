using Weasel.Postgresql.Tables;

namespace Ledger.Infrastructure.Audit.Replay.Reports;

/// <summary>
/// What-if reports run in the background: the request (period, policy, who asked, their form's idempotency key), where
/// the run is, its totals and days; and the decisions that would change, one row each, keyed (report, decision time,
/// payment) so the console pages them by that keyset. Outside the event stream: a replay reads the ledger and writes
/// nothing to it.
/// </summary>
public static class WhatIfReportSchema
{
    public const string Reports = "what_if_reports";
    public const string Changes = "what_if_changes";

    public static IEnumerable<Table> Tables(string schema)
    {
        var reports = new Table($"{schema}.{Reports}");
        reports.AddColumn<Guid>("report_id").AsPrimaryKey();
        reports.AddColumn<Guid>("credential_id").NotNull();
        reports.AddColumn<string>("requested_by").NotNull();
        reports.AddColumn<string>("request_key").NotNull();
        // The same key with other values is a conflict, not the first report (README, "Commands are idempotent").
        reports.AddColumn<string>("request_hash").NotNull();
        reports.AddColumn<string>("policy_name").NotNull();
        reports.AddColumn<string>("policy").NotNull();
        reports.AddColumn("range_from", "timestamptz");
        reports.AddColumn("range_to", "timestamptz");
        reports.AddColumn("requested_at", "timestamptz").NotNull();
        reports.AddColumn<string>("status").NotNull();
        reports.AddColumn("started_at", "timestamptz");
        reports.AddColumn("finished_at", "timestamptz");
        // The session advisory lock its worker holds while it runs (AdvisoryLocks): gone with the worker's process.
        reports.AddColumn<long>("run_lock");
        reports.AddColumn<long>("events_read");
        reports.AddColumn<long>("requests");
        reports.AddColumn<long>("changes");
        reports.AddColumn("totals", "jsonb");
        reports.AddColumn("days", "jsonb");
        reports.AddColumn<string>("error");
        reports.Indexes.Add(new IndexDefinition($"ix_{Reports}_key") { Columns = ["credential_id", "request_key"], IsUnique = true });
        reports.Indexes.Add(new IndexDefinition($"ix_{Reports}_recent") { Columns = ["credential_id", "requested_at"] });
        reports.Indexes.Add(new IndexDefinition($"ix_{Reports}_open") { Columns = ["status", "requested_at"], Predicate = "status in ('queued', 'running')" });

        var changes = new Table($"{schema}.{Changes}");
        changes.AddColumn<Guid>("report_id").AsPrimaryKey().ForeignKeyTo(reports, "report_id");
        changes.AddColumn("decided_at", "timestamptz").AsPrimaryKey();
        changes.AddColumn<Guid>("payment_id").AsPrimaryKey();
        changes.AddColumn<Guid>("wallet_id").NotNull();
        changes.AddColumn("currency", "char(3)").NotNull();
        changes.AddColumn<long>("amount_minor").NotNull();
        changes.AddColumn<bool>("was_authorized").NotNull();
        changes.AddColumn<string>("was_reason");
        changes.AddColumn<bool>("would_authorize").NotNull();
        changes.AddColumn<string>("would_reason");
        return [reports, changes];
    }
}
