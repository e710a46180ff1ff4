using System.Diagnostics;
using System.Globalization;

namespace Ledger.Bench.FacePay;

/// <summary>
/// Does the time of a declined face payment tell whether anybody enrolled has the four digits the shopper typed?
/// Two kinds of attempt, both declined face_not_verified, sent in alternating order (a, b, b, a, ...) so that the
/// machine's drift falls on both alike: the digits of an enrolled customer with somebody else's face (one template
/// opened and compared, a failure counted on the wallet), and digits nobody has (compared with a decoy).
/// Prints the percentiles of each, the difference of medians, and the AUC: the chance that a random attempt of the
/// first kind is slower than one of the second (0.5 = time tells nothing).
/// </summary>
internal static class HintTiming
{
    // Lifted for this run: the enrolled customer must stay eligible through every declined attempt.
    public static readonly IReadOnlyDictionary<string, string> Settings = BenchShop.LiftedLimits("bench-hint-timing");

    public static async Task<int> RunAsync(HttpClient http, Terminal terminal, IReadOnlyList<Customer> customers, FaceSet faces, int pairs)
    {
        var captures = faces.Captures();
        var enrolled = new List<double>();
        var nobody = new List<double>();
        // Somebody else's face for each customer's digits; the digits nobody has are the last four of no bench phone.
        async Task<double> Attempt(Customer digits, byte[] capture)
        {
            var clock = Stopwatch.StartNew();
            var answer = await BenchShop.SendAsync(http, BenchShop.FacePayment(terminal, digits, capture));
            var ms = clock.Elapsed.TotalMilliseconds;
            if (answer.Status != "declined (face_not_verified)")
                throw new InvalidOperationException($"expected a decline with face_not_verified, got {answer.Status} {answer.Problem}");
            return ms;
        }

        var stranger = new Customer("nobody", Guid.Empty, "+447700999999");
        for (var i = -8; i < pairs; i++)
        {
            var customer = customers[(i + 8) % customers.Count];
            var capture = captures.First(c => c.Person != customer.Person && c.Name.EndsWith($"/{2 + (i + 8) % 4}", StringComparison.Ordinal)).Bytes;
            var a = i % 2 == 0;
            var first = await Attempt(a ? customer : stranger, capture);
            var second = await Attempt(a ? stranger : customer, capture);
            if (i < 0) continue; // warm-up: JIT, pools, first reads
            enrolled.Add(a ? first : second);
            nobody.Add(a ? second : first);
        }

        var e = new Percentiles(enrolled);
        var n = new Percentiles(nobody);
        Console.WriteLine($"declined face payments, {pairs} pairs, alternating order, one client");
        Console.WriteLine($"  digits of an enrolled customer (1 template compared): p10 {e.At(10)} p50 {e.At(50)} p90 {e.At(90)} ms");
        Console.WriteLine($"  digits nobody has (decoy compared):                 p10 {n.At(10)} p50 {n.At(50)} p90 {n.At(90)} ms");
        Console.WriteLine($"  median difference {Format(e.At(50) - n.At(50))} ms; ratio of medians {Format(e.At(50) / n.At(50))}; " +
                          $"AUC {Auc(enrolled, nobody):F3} (0.5: the time tells nothing)");
        return 0;
    }

    /// <summary>P(a random x is slower than a random y), ties counting half (the Mann–Whitney statistic over n·m).</summary>
    private static double Auc(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double wins = 0;
        foreach (var a in x)
        foreach (var b in y)
            wins += a > b ? 1 : a == b ? 0.5 : 0;
        return wins / (x.Count * (double)y.Count);
    }

    private static string Format(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "?";
}
