using System.Text.RegularExpressions;

namespace Ledger.Infrastructure.Database;

/// <summary>
/// What the service's runtime role may do, and nothing more: read and write the documents, projections and side
/// tables; only insert into the history (<see cref="HistoryGuards.AppendOnly"/>); insert streams and update their
/// version, never delete them; no DDL (it owns nothing and has no CREATE on the schema). Granted again on every
/// migration, so tables added since get the same treatment.
/// </summary>
public static partial class RuntimeGrants
{
    public static string Sql(string schema, string role)
    {
        if (!Identifier().IsMatch(role)) throw new ArgumentException($"'{role}' is not a plain role name");
        var history = string.Join(", ", HistoryGuards.AppendOnly.Select(t => $"{schema}.{t}"));
        return $"""
            do $$ begin execute format('grant connect, temporary on database %I to {role}', current_database()); end $$;
            revoke create on schema {schema} from {role};
            grant usage on schema {schema} to {role};
            grant select, insert, update, delete, truncate on all tables in schema {schema} to {role};
            revoke update, delete, truncate, references, trigger on {history} from {role};
            revoke delete, truncate, references, trigger on {schema}.{HistoryGuards.Streams} from {role};
            grant usage, select on all sequences in schema {schema} to {role};
            grant execute on all functions in schema {schema} to {role};
            """;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
