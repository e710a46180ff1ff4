using Ledger.Terminal.Payments;

namespace Ledger.Terminal.Http;

/// <summary>A request other than a payment (a challenge, a device key) was refused: the problem the service gave.</summary>
public sealed class TerminalRequestRefused(int status, Problem problem)
    : Exception($"{status} {problem.Type}: {problem.Detail ?? problem.Title}")
{
    public int Status { get; } = status;
    public Problem Problem { get; } = problem;
}

/// <summary>A request other than a payment got no answer within the tries and time allowed.</summary>
public sealed class TerminalUnanswered(string message, Exception? inner) : Exception(message, inner);
