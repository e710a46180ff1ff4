using Ledger.Domain.Access;

namespace Ledger.Api.WebConsole;

/// <summary>The pages a role may open, for the navigation bar (access itself is each page's own declaration).</summary>
public static class ConsoleNavigation
{
    public sealed record Link(string Path, string Title);

    public static IEnumerable<Link> For(Role role) => role == Role.Auditor
        ? [new("/console/streams", "Streams"), new("/console/finance", "Finance"), new("/console/explanation", "Explain a payment"),
            new("/console/state", "Time travel"), new("/console/what-if", "What-if"), new("/console/audit", "Audit trail")]
        : [new("/console/finance", "Finance"), new("/console/fraud", "Fraud"), new("/console/rebuild", "Rebuild")];
}
