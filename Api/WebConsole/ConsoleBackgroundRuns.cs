using Ledger.Infrastructure.Audit.Rebuild;
using Ledger.Infrastructure.Audit.Replay.Reports;

namespace Ledger.Api.WebConsole;

/// <summary>
/// What the console runs in the background of the service rather than inside a request: what-if reports (queued in the
/// database, run by <see cref="WhatIfWorker"/>) and projection rebuilds (one at a time across every process, run by
/// <see cref="RebuildRunner"/>). Settings: <c>Console:WhatIfQueueLimit</c> (20 reports waiting at most),
/// <c>Console:WhatIfWorkers</c> (1 at a time per process; 0 runs none here) and <c>Console:WhatIfPollSeconds</c> (2).
/// </summary>
public static class ConsoleBackgroundRuns
{
    public static IServiceCollection AddConsoleBackgroundRuns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new WhatIfReportOptions(
            Math.Max(1, configuration.GetValue("Console:WhatIfQueueLimit", 20)),
            Math.Max(0, configuration.GetValue("Console:WhatIfWorkers", 1)),
            TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Console:WhatIfPollSeconds", 2)))));
        services.AddSingleton<WhatIfReportRuns>();
        services.AddSingleton<WhatIfReports>();
        services.AddSingleton<WhatIfWakeUp>();
        services.AddHostedService<WhatIfWorker>();

        services.AddSingleton<RebuildRuns>();
        services.AddSingleton<RebuildRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<RebuildRunner>());
        services.AddSingleton<RecordedRebuilds>();
        return services;
    }
}
