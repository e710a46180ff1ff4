using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Ledger.Cli;

/// <summary>
/// What every command writes to and runs on: results on stdout (tables, text or JSON), progress and notes
/// on stderr, and the ledger's services, built from configuration only when a command first needs them.
/// </summary>
internal sealed class CliContext(TextWriter stdout, TextWriter stderr, IServiceProvider? services) : IAsyncDisposable
{
    private ServiceProvider? _owned;

    public TextWriter Out => stdout;
    public TextWriter Err => stderr;
    public IAnsiConsole Results { get; } = CreateConsole(stdout, Console.IsOutputRedirected);
    public IAnsiConsole Progress { get; } = CreateConsole(stderr, Console.IsErrorRedirected);

    public IServiceProvider Services => services ??= _owned = CliServices.Build();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        if (_owned is not null) await _owned.DisposeAsync();
    }

    /// <summary>A terminal gets colour and live progress bars; a file, a pipe or a test gets plain text.</summary>
    private static IAnsiConsole CreateConsole(TextWriter writer, bool redirected)
    {
        var terminal = !redirected && (ReferenceEquals(writer, Console.Out) || ReferenceEquals(writer, Console.Error));
        var console = AnsiConsole.Create(terminal
            ? new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) }
            : new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(writer),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
        if (!terminal) console.Profile.Width = 200; // ids and timestamps on one line, whatever reads the file
        return console;
    }
}
