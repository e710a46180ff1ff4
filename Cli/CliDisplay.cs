using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ledger.Cli;

/// <summary>Tables and progress bars of the <c>ledger</c> tool (Spectre.Console); cells are plain text, never markup.</summary>
internal static class CliDisplay
{
    /// <param name="columns">Header texts; a leading '&gt;' right-aligns the column (numbers).</param>
    public static void Table(IAnsiConsole console, string[] columns, IEnumerable<string[]> rows)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns)
            table.AddColumn(column.StartsWith('>') ? new TableColumn(column[1..]).RightAligned() : new TableColumn(column));
        foreach (var row in rows)
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
        console.Write(table);
    }

    /// <summary>Runs <paramref name="work"/> with bars that <paramref name="track"/> keeps up to date (called about 5 times a second).</summary>
    public static async Task<T> ProgressAsync<T>(IAnsiConsole console, Func<Task<T>> work, Action<ProgressContext> track)
    {
        T result = default!;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var running = work();
                while (await Task.WhenAny(running, Task.Delay(200)) != running) track(context);
                track(context);
                result = await running;
            });
        return result;
    }

    /// <summary>One bar following how far <paramref name="work"/> got (<paramref name="position"/>) out of <paramref name="length"/>.</summary>
    public static Task<T> BarAsync<T>(IAnsiConsole console, string label, Func<long> position, Func<long> length, Func<Task<T>> work)
    {
        ProgressTask? bar = null;
        return ProgressAsync(console, work, context =>
        {
            bar ??= context.AddTask(label, maxValue: Math.Max(1, length()));
            bar.MaxValue = Math.Max(1, length());
            bar.Value = Math.Min(position(), bar.MaxValue);
        });
    }
}
