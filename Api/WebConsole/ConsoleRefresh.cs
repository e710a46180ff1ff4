namespace Ledger.Api.WebConsole;

/// <summary>
/// How often the page of a run in the background reloads itself (a meta refresh: the console runs no script): soon while
/// it is young, since most runs are short, then less often, since every reload of an auditor's page is a row of the
/// audit read log and a long run would otherwise write one every two seconds per open tab.
/// </summary>
public static class ConsoleRefresh
{
    public static readonly TimeSpan Young = TimeSpan.FromSeconds(30);

    public static int SecondsFor(DateTimeOffset askedAt, DateTimeOffset now) => now - askedAt < Young ? 2 : 10;
}
