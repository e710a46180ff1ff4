using System.Globalization;
using System.Runtime.InteropServices;

namespace Ledger.Vision.Inference;

/// <summary>
/// A Linux thread's nice value (its CPU priority among the machine's runnable threads: higher is lower priority). Linux
/// keeps it per thread, and a thread a niced thread starts inherits it. Raising it needs no privilege; lowering it does.
/// </summary>
internal static class ThreadNice
{
    private const int PriorityOfProcess = 0; // PRIO_PROCESS: with a thread id, that one thread
    private const long GetTid = 186; // SYS_gettid on x86-64
    private const long GetTidArm64 = 178; // SYS_gettid on arm64

    /// <summary>Whether nice values can be set here (Linux on x86-64 or arm64).</summary>
    public static bool Supported =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>Sets the calling thread's nice value; false when the system refused or cannot.</summary>
    public static bool TrySet(int nice)
    {
        if (!Supported) return false;
        var tid = (int)syscall(RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? GetTidArm64 : GetTid);
        return setpriority(PriorityOfProcess, tid, nice) == 0;
    }

    /// <summary>The calling thread's nice value, from <c>/proc/thread-self/stat</c>; null where there is none.</summary>
    public static int? Current() => OperatingSystem.IsLinux() ? Of("/proc/thread-self/stat") : null;

    /// <summary>The nice value in a thread's <c>stat</c> file (<c>/proc/PID/task/TID/stat</c>).</summary>
    public static int Of(string statFile)
    {
        // pid (name) state ppid ...: nice is the 19th field, the 17th after the name (which may hold spaces).
        var stat = File.ReadAllText(statFile);
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], CultureInfo.InvariantCulture);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc", SetLastError = true)]
    private static extern long syscall(long number);
}
