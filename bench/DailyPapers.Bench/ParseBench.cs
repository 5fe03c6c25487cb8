using System.Diagnostics;
using DailyPapers.Ingest;

namespace DailyPapers.Bench;

/// <summary>Reads and parses a file without writing it: the share of an import's CPU that is not the database's.</summary>
public static class ParseBench
{
    public static Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0) { Console.Error.WriteLine("usage: parse FILE"); return Task.FromResult(2); }
        var cpu0 = CpuMeter.Self();
        var sw = Stopwatch.StartNew();
        var records = 0;
        foreach (var item in Importer.ReadFile(args[0], FormatDetector.DetectFile(args[0])))
            if (item.Record is not null) records++;
        var cpu = CpuMeter.Self() - cpu0;
        Console.WriteLine($"parse: {records:N0} records in {sw.Elapsed.TotalSeconds:F1} s, CPU {cpu:F1} s = {records / cpu:N0} records per CPU-second");
        return Task.FromResult(0);
    }
}
