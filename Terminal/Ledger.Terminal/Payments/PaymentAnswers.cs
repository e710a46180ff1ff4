using System.Text.Json;
using Ledger.Terminal.Http;

namespace Ledger.Terminal.Payments;

/// <summary>Reads a terminal's answer: a decision (<c>{paymentId, status, reason, amount, decidedAt}</c>) or a problem.</summary>
public static class PaymentAnswers
{
    public static PaymentOutcome Read(PreparedRequest request, TerminalResponse response, int attempts)
    {
        if (response.IsSuccess)
        {
            using var json = JsonDocument.Parse(response.Body);
            var root = json.RootElement;
            var money = root.GetProperty("amount");
            var amount = new Amount(money.GetProperty("minor").GetInt64(), money.GetProperty("currency").GetString()!,
                Decimals(money.GetProperty("amount").GetString()!));
            var id = root.GetProperty("paymentId").GetGuid();
            var at = root.GetProperty("decidedAt").GetDateTimeOffset();
            return root.GetProperty("status").GetString() switch
            {
                "authorized" => new PaymentOutcome.Authorized(request, attempts, id, amount, at, response.Replayed),
                "declined" => new PaymentOutcome.Declined(request, attempts, id, amount, root.GetProperty("reason").GetString() ?? "", at, response.Replayed),
                var other => throw new FormatException($"A payment answer with status '{other}'."),
            };
        }
        var problem = Problem.Read(response);
        return new PaymentOutcome.Refused(request, attempts, response.Status, problem.Type, problem.Title, problem.Detail, response.Body);
    }

    private static int Decimals(string text) => text.IndexOf('.') is var dot and >= 0 ? text.Length - dot - 1 : 0;
}

/// <summary>An RFC 9457 problem as the service writes it; a body that is not one (a proxy's page) keeps its status only.</summary>
public sealed record Problem(string Type, string? Title, string? Detail)
{
    public static Problem Read(TerminalResponse response)
    {
        try
        {
            using var json = JsonDocument.Parse(response.Body);
            var root = json.RootElement;
            return new Problem(Text(root, "type") ?? "about:blank", Text(root, "title"), Text(root, "detail"));
        }
        catch (JsonException)
        {
            return new Problem("about:blank", null, response.Body.Length > 200 ? response.Body[..200] : response.Body);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
