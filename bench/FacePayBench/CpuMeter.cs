using System.Diagnostics;
using System.Globalization;

namespace Ledger.Bench.FacePay;

/// <summary>
/// CPU time spent while something ran, from /proc: the service's process, this bench's (the tills), and the whole
/// machine's. On a machine at its limit the rate and the latencies swing with the neighbours from run to run; what a
/// payment costs the cores swings much less, so it is what tells a change's effect apart.
/// </summary>
internal sealed class CpuMeter(int servicePid)
{
    /// <summary>Milliseconds of CPU so far: the service, this process, the machine (all cores, busy only).</summary>
    public readonly record struct Reading(double ServiceMs, double BenchMs, double MachineMs)
    {
        public static Reading operator -(Reading a, Reading b) => new(a.ServiceMs - b.ServiceMs, a.BenchMs - b.BenchMs, a.MachineMs - b.MachineMs);

        public static Reading operator +(Reading a, Reading b) => new(a.ServiceMs + b.ServiceMs, a.BenchMs + b.BenchMs, a.MachineMs + b.MachineMs);
    }

    // The kernel's clock ticks for /proc's CPU times: USER_HZ, 100 on Linux.
    private const double MsPerTick = 10;

    public Reading Read()
    {
        // /proc/PID/stat: the name in parentheses may hold spaces; utime and stime are the 12th and 13th fields after it.
        var stat = File.ReadAllText($"/proc/{servicePid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var service = (Ticks(fields[11]) + Ticks(fields[12])) * MsPerTick;
        // /proc/stat's first line: cpu user nice system idle iowait irq softirq steal ...
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var busy = (Ticks(cpu[1]) + Ticks(cpu[2]) + Ticks(cpu[3]) + Ticks(cpu[6]) + Ticks(cpu[7]) + Ticks(cpu[8])) * MsPerTick;
        return new Reading(service, Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds, busy);
    }

    private static long Ticks(string field) => long.Parse(field, CultureInfo.InvariantCulture);
}
