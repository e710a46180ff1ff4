using System.Text.Json.Nodes;

namespace Ledger.Api.Tests.Support;

internal static class TerminalAnswers
{
    /// <summary>A terminal's answer without what differs between any two answers (its payment id and time): what is left must say nothing.</summary>
    public static string WithoutIds(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("paymentId");
        node.Remove("decidedAt");
        return node.ToJsonString();
    }
}
