namespace Ledger.Api.WebConsole;

/// <summary>
/// The console's settings (section <c>Console</c>): how long a session lasts from sign-in (<c>SessionLifetime</c>, 30
/// minutes: a console left open in an office should not stay signed in for the day), how many wrong tokens one client
/// address may send a minute (<c>SignInFailuresPerMinute</c>) and how many sessions the service keeps at once.
/// </summary>
public sealed record ConsoleOptions(TimeSpan SessionLifetime, int SignInFailuresPerMinute, int MaxSessions)
{
    public static readonly ConsoleOptions Default = new(TimeSpan.FromMinutes(30), 10, 10_000);

    public static ConsoleOptions From(IConfiguration configuration) => new(
        configuration.GetValue("Console:SessionLifetime", Default.SessionLifetime),
        configuration.GetValue("Console:SignInFailuresPerMinute", Default.SignInFailuresPerMinute),
        configuration.GetValue("Console:MaxSessions", Default.MaxSessions));
}
