using System.Diagnostics;
using System.Globalization;

namespace CaseLedger.Cli.Bench;

/// <summary>CPU time used so far: by this process, and by the PostgreSQL server when it runs on this machine from a known data directory.</summary>
public readonly record struct CpuReading(double ClientMs, double? ServerMs);

/// <summary>
/// Where an operation's CPU goes, client or server. On a machine with few cores both compete for the same CPUs, so a
/// figure's throughput says little about which side to make cheaper; the CPU per operation does. The server's time is
/// read from /proc: the postmaster's own, the time of its children that have exited (which the kernel adds to the
/// postmaster's), and that of its live children (connections, WAL writer, checkpointer, autovacuum).
/// </summary>
public sealed class CpuMeter(string? postgresDataDirectory)
{
    /// <summary>Linux reports /proc times in clock ticks of USER_HZ, which is 100 on every architecture .NET runs on.</summary>
    private const double MillisecondsPerTick = 10;

    public CpuReading Read()
    {
        using var self = Process.GetCurrentProcess();
        return new CpuReading(self.TotalProcessorTime.TotalMilliseconds, ServerMilliseconds());
    }

    private double? ServerMilliseconds()
    {
        if (postgresDataDirectory is null || !OperatingSystem.IsLinux()) return null;
        var pidFile = Path.Combine(postgresDataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var postmaster)) return null;

        // A child that exits during the scan would be counted twice (alive, then in the postmaster's exited children) or not at
        // all, and a window's CPU could come out negative: the scan is taken again until no child exited while it ran.
        for (var attempt = 0; ; attempt++)
        {
            if (Stat(postmaster) is not { } before) return null;
            double children = 0;
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == postmaster) continue;
                if (Stat(pid) is { } stat && stat.Parent == postmaster) children += stat.Own;
            }
            if (Stat(postmaster) is not { } after) return null;
            if (after.ExitedChildren == before.ExitedChildren || attempt == 4)
                return (after.Own + after.ExitedChildren + children) * MillisecondsPerTick;
        }
    }

    private static (int Parent, double Own, double ExitedChildren)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the process ended while we looked
        }
        // The command name may hold spaces and parentheses: the fields start after its last ')'. See proc(5).
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        double Field(int number) => double.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return ((int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
    }
}
