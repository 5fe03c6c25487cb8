using System.Diagnostics;
using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Bench;

/// <summary>CPU seconds (user + system) of this process and of a local PostgreSQL server, from /proc.</summary>
public sealed class CpuMeter
{
    private readonly int _postmaster;
    private CpuMeter(int postmaster) => _postmaster = postmaster;

    public static double Self() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>The server behind <paramref name="db"/>, found as the parent of this connection's backend; null when not on this machine.</summary>
    public static async Task<CpuMeter?> ServerAsync(Database db)
    {
        await using var c = await db.OpenAsync();
        var backend = await c.ExecuteScalarAsync<int>("SELECT pg_backend_pid()");
        return Stat(backend) is { } s ? new CpuMeter(int.Parse(s[3])) : null;
    }

    /// <summary>
    /// The postmaster's own time plus that of the children it has reaped (cutime, cstime) plus that of its live
    /// children (backends, WAL writer, checkpointer), so backends that exit mid-run still count.
    /// </summary>
    public double Seconds()
    {
        double ticks = 0;
        if (Stat(_postmaster) is { } pm) ticks += Ticks(pm, 13) + Ticks(pm, 14) + Ticks(pm, 15) + Ticks(pm, 16);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || Stat(pid) is not { } s || s[3] != _postmaster.ToString()) continue;
            ticks += Ticks(s, 13) + Ticks(s, 14);
        }
        return ticks / 100.0; // USER_HZ
    }

    private static double Ticks(string[] stat, int field) => double.Parse(stat[field]);

    // Fields after "pid (comm)": the comm may hold spaces, so split after its closing parenthesis; index 0 = pid.
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var close = text.LastIndexOf(')');
            return [pid.ToString(), "comm", .. text[(close + 2)..].Split(' ')];
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
