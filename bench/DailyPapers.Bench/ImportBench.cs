using System.Diagnostics;
using DailyPapers.Ingest;
using DailyPapers.Storage;

namespace DailyPapers.Bench;

/// <summary>
/// Imports files into a fresh SQLite database, N runs; prints papers/s per run, median and p99, and the peak
/// working set of the process. <c>--database postgres:CONNSTR</c> imports into PostgreSQL instead: each run
/// creates (and afterwards drops) a fresh database on that server, so the role needs CREATEDB.
/// Each run also prints the CPU seconds spent: by this process, and on PostgreSQL by the server's processes (read from
/// /proc, so only for a server on this machine), because on a shared machine wall time says more about the neighbours.
/// <c>--merge-only</c> turns the bulk path off (every record through the merge path, as before issue 15.7);
/// <c>--reimport</c> imports the file a second time after the first run (expect 0 new / 0 updated); <c>--catch-up</c> builds a
/// search index from the change log after the first run's import, logging its progress.
/// </summary>
public static class ImportBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var files = args.TakeWhile(a => !a.StartsWith("--")).ToList();
        if (files.Count == 0) { Console.Error.WriteLine("usage: import FILE... [--runs N] [--batch N] [--database postgres:CONNSTR]"); return 2; }
        var runs = int.Parse(KaggleGenerator.Arg(args, "--runs") ?? "3");
        var batch = int.Parse(KaggleGenerator.Arg(args, "--batch") ?? ImportOptions.DefaultBatchSize.ToString());
        var pg = KaggleGenerator.Arg(args, "--database") is { } loc
            ? loc.StartsWith("postgres:", StringComparison.Ordinal) ? loc["postgres:".Length..]
                : throw new ArgumentException($"import bench: --database must be postgres:CONNSTR (SQLite is the default), not {loc}")
            : null;
        var mergeOnly = args.Contains("--merge-only");
        var reimport = args.Contains("--reimport");
        var catchUp = args.Contains("--catch-up");
        var rates = new List<double>();
        var cpuRates = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var dir = Path.Combine(Path.GetTempPath(), $"dp-importbench-{Environment.ProcessId}-{run}");
            Directory.CreateDirectory(dir);
            try
            {
                var db = pg is null ? Database.Sqlite(Path.Combine(dir, "bench.db")) : await FreshPostgresAsync(pg, run);
                await Migrator.MigrateAsync(db);
                var store = new PaperStore(db) { BulkInsertNew = !mergeOnly };
                var importer = new Importer(store, m => Console.Error.WriteLine(m));
                var server = pg is null ? null : await CpuMeter.ServerAsync(db);
                var cpu0 = CpuMeter.Self() + (server?.Seconds() ?? 0);
                var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
                var sw = Stopwatch.StartNew();
                var counts = await importer.ImportFilesAsync(files, new ImportOptions { BatchSize = batch },
                    p => Console.Error.WriteLine($"  {p}  ws={Process.GetCurrentProcess().WorkingSet64 / 1048576} MiB"));
                sw.Stop();
                var cpu = CpuMeter.Self() + (server?.Seconds() ?? 0) - cpu0;
                var rate = counts.Total / sw.Elapsed.TotalSeconds;
                rates.Add(rate);
                cpuRates.Add(counts.Total / cpu);
                Console.WriteLine($"run {run}: {counts} in {sw.Elapsed.TotalSeconds:F1} s = {rate:N0} records/s; "
                    + $"CPU {cpu:F1} s{(server is null ? "" : " (importer + server)")} = {counts.Total / cpu:N0} records per CPU-second; load {load} at start"
                    + (db.FilePath is { } f ? $"; db {new FileInfo(f).Length / 1048576} MiB" : " (postgres)"));
                if (reimport && run == 1)
                {
                    sw.Restart();
                    var again = await importer.ImportFilesAsync(files, new ImportOptions { BatchSize = batch });
                    Console.WriteLine($"run {run} re-import: {again} in {sw.Elapsed.TotalSeconds:F1} s = {again.Total / sw.Elapsed.TotalSeconds:N0} records/s");
                }
                if (catchUp && run == 1)
                {
                    using var index = DailyPapers.Search.LuceneIndex.Open(Path.Combine(dir, "index"));
                    var follower = new DailyPapers.Search.IndexFollower(index, store, m => Console.WriteLine($"  {m}"));
                    sw.Restart();
                    var applied = await follower.CatchUpAsync();
                    follower.Flush();
                    Console.WriteLine($"run {run} index catch-up: {applied:N0} papers in {sw.Elapsed.TotalSeconds:F1} s = {applied / sw.Elapsed.TotalSeconds:N0}/s");
                }
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(dir, true);
                if (pg is not null) await AdminAsync(pg, $"DROP DATABASE IF EXISTS {RunDb(run)} WITH (FORCE)");
            }
        }
        rates.Sort();
        cpuRates.Sort();
        Console.WriteLine($"records/s over {runs} runs{(mergeOnly ? " (merge path only)" : "")}: median {Percentile(rates, 0.5):N0}, p99 (slowest) {rates[0]:N0}, best {rates[^1]:N0}; "
            + $"records per CPU-second: median {Percentile(cpuRates, 0.5):N0}; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        return 0;
    }

    private static string RunDb(int run) => $"dp_importbench_{Environment.ProcessId}_{run}";

    private static async Task<Database> FreshPostgresAsync(string admin, int run)
    {
        await AdminAsync(admin, $"CREATE DATABASE {RunDb(run)}");
        return Database.Postgres(new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = RunDb(run) }.ConnectionString);
    }

    private static async Task AdminAsync(string admin, string sql)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var c = new Npgsql.NpgsqlConnection(admin);
        await c.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    public static double Percentile(List<double> sorted, double p)
    {
        if (sorted.Count == 0) return 0;
        var idx = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(idx, 0, sorted.Count - 1)];
    }
}
