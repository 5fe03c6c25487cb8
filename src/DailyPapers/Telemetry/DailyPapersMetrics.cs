using System.Diagnostics;
using System.Diagnostics.Metrics;
using DailyPapers.Papers;

namespace DailyPapers.Telemetry;

/// <summary>
/// The library's instruments, on one <see cref="Meter"/> that the web host exports (Prometheus at /metrics when enabled).
/// Plain System.Diagnostics.Metrics, no exporter here: recording with no listener costs next to nothing, so library
/// code records unconditionally with a one-line call. Gauges that read the database are registered by the host.
/// </summary>
public static class DailyPapersMetrics
{
    public const string MeterName = "DailyPapers";
    public static readonly Meter Meter = new(MeterName);

    /// <summary>Voices of a search, the <c>voice</c> tag of <see cref="SearchDuration"/>.</summary>
    public const string Bm25 = "bm25", Vector = "vector", Hybrid = "hybrid";

    /// <summary>Time of one voice of a search: BM25 ranking, one vector list (embed + scan), a whole hybrid query.</summary>
    public static readonly Histogram<double> SearchDuration = Meter.CreateHistogram<double>(
        "dailypapers.search.duration", "s", "Time of a search per voice: bm25, vector, hybrid (the fused whole)");

    /// <summary>Records written or seen by imports (verb, first-start demo, harvests), by outcome.</summary>
    public static readonly Counter<long> ImportRecords = Meter.CreateCounter<long>(
        "dailypapers.import.records", "{record}", "Records handled by imports, by outcome: new, updated, unchanged, rejected");

    /// <summary>Starts timing a search voice; the time is recorded when the returned value is disposed.</summary>
    public static SearchTimer TimeSearch(string voice) => new(voice, Stopwatch.GetTimestamp());

    /// <summary>Adds an import's counts to <see cref="ImportRecords"/>.</summary>
    public static void RecordImport(ImportCounts counts)
    {
        if (counts.New > 0) ImportRecords.Add(counts.New, new KeyValuePair<string, object?>("outcome", "new"));
        if (counts.Updated > 0) ImportRecords.Add(counts.Updated, new KeyValuePair<string, object?>("outcome", "updated"));
        if (counts.Unchanged > 0) ImportRecords.Add(counts.Unchanged, new KeyValuePair<string, object?>("outcome", "unchanged"));
        if (counts.Rejected > 0) ImportRecords.Add(counts.Rejected, new KeyValuePair<string, object?>("outcome", "rejected"));
    }

    /// <summary>See <see cref="TimeSearch"/>: <c>using var _ = DailyPapersMetrics.TimeSearch(DailyPapersMetrics.Bm25);</c></summary>
    public readonly struct SearchTimer(string voice, long started) : IDisposable
    {
        public void Dispose()
        {
            if (SearchDuration.Enabled)
                SearchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("voice", voice));
        }
    }
}
