using Weasel.Postgresql.Tables;

namespace Ledger.Infrastructure.Audit.Rebuild;

/// <summary>
/// The console's projection rebuilds as they run: who asked, why, which views, where it is and how it ended. Outside the
/// event stream (progress changes every second); the history has <c>projections_rebuild_started.v1</c> and
/// <c>projections_rebuilt.v1</c> on the rebuild's stream, whose id is the row's.
/// </summary>
public static class RebuildRunSchema
{
    public const string Runs = "projection_rebuilds";

    public static IEnumerable<Table> Tables(string schema)
    {
        var runs = new Table($"{schema}.{Runs}");
        runs.AddColumn<Guid>("rebuild_id").AsPrimaryKey();
        runs.AddColumn<string>("selection").NotNull();
        runs.AddColumn<string>("actor").NotNull();
        runs.AddColumn<string>("reason").NotNull();
        runs.AddColumn("requested_at", "timestamptz").NotNull().AddIndex();
        runs.AddColumn<string>("status").NotNull();
        runs.AddColumn<string>("step");
        runs.AddColumn<long>("step_done");
        runs.AddColumn<long>("step_total");
        runs.AddColumn("finished_at", "timestamptz");
        runs.AddColumn<string>("error");
        return [runs];
    }
}
