using Ledger.Infrastructure.Access;
using Ledger.Infrastructure.Audit;

namespace Ledger.Infrastructure.Database;

/// <summary>
/// Triggers that make the history append-only for every role but the tables' owner (who only runs migrations):
/// no UPDATE, DELETE or TRUNCATE of events, the hash chain, checkpoints, passed gaps, key hand-overs or auditors'
/// reads; streams may only move their version forward (Marten's append bumps it) and are never deleted. This holds
/// even for a role with the table privileges (or a superuser): a second line behind <see cref="RuntimeGrants"/>.
/// The owner can still drop a trigger; what stops the owner is the witness (docs/AUDIT.md, "Witnessed checkpoints").
/// </summary>
public static class HistoryGuards
{
    /// <summary>Append-only tables (without schema).</summary>
    public static readonly IReadOnlyList<string> AppendOnly =
        ["mt_events", AuditSchema.Chain, AuditSchema.Checkpoints, AuditSchema.Gaps, AuditSchema.KeyRotations, AuditSchema.KeyRevocations, AccessSchema.AuditReads];

    public const string Streams = "mt_streams";

    public static string Sql(string schema)
    {
        var sql = new System.Text.StringBuilder($$"""
            create or replace function {{schema}}.ledger_history_guard() returns trigger language plpgsql as $$
            begin
              if current_user = (select pg_get_userbyid(c.relowner) from pg_class c where c.oid = tg_relid) then
                return case when tg_level = 'STATEMENT' then null when tg_op = 'DELETE' then old else new end;
              end if;
              -- Nested, not AND: PL/pgSQL may evaluate every operand, and other tables have no such columns.
              if tg_table_name = '{{Streams}}' and tg_op = 'UPDATE' then
                if new.id = old.id and new.version >= old.version then
                  return new;
                end if;
              end if;
              raise exception '%.% is append-only: % refused for role %', tg_table_schema, tg_table_name, tg_op, current_user
                using errcode = 'insufficient_privilege';
            end $$;
            -- The audit read log's first guard refused even the owner; the owner may now, like everywhere else.
            drop trigger if exists audit_reads_no_change on {{schema}}.{{AccessSchema.AuditReads}};
            drop trigger if exists audit_reads_no_truncate on {{schema}}.{{AccessSchema.AuditReads}};
            drop function if exists {{schema}}.audit_reads_append_only();

            """);
        foreach (var table in AppendOnly.Append(Streams))
            sql.Append($"""
                create or replace trigger ledger_history_no_change before update or delete on {schema}.{table}
                  for each row execute function {schema}.ledger_history_guard();
                create or replace trigger ledger_history_no_truncate before truncate on {schema}.{table}
                  for each statement execute function {schema}.ledger_history_guard();

                """);
        return sql.ToString();
    }
}
