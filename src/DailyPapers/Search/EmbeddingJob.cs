using System.Diagnostics;
using DailyPapers.Storage;

namespace DailyPapers.Search;

/// <summary>
/// Computes the missing vectors of one model in batches and stores them. Only papers without a vector are
/// read, so a killed run resumes where it stopped. Used by <c>dailypapers embed</c> and the background service.
/// </summary>
public sealed class EmbeddingJob(EmbeddingStore store, Action<string>? log = null)
{
    /// <summary>Rows per database round trip: large for the static model (thousands per second), small for MiniLM.</summary>
    public const int StaticBatch = 2000, FullBatch = 64;

    /// <summary>Static vectors for every paper lacking one. Returns the count embedded.</summary>
    public Task<int> RunStaticAsync(StaticModel model, CancellationToken ct = default) =>
        RunAsync(StaticModel.Name, StaticBatch, docs =>
        {
            var vectors = new float[docs.Count][];
            Parallel.For(0, docs.Count, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct },
                i => vectors[i] = model.Embed(Text(docs[i])));
            return vectors;
        }, int.MaxValue, ct);

    /// <summary>Full MiniLM vectors for up to <paramref name="max"/> papers lacking one.</summary>
    public Task<int> RunFullAsync(MiniLmModel model, int max = int.MaxValue, CancellationToken ct = default) =>
        RunAsync(MiniLmModel.Name, FullBatch, docs => model.Embed(docs.Select(Text).ToList()), max, ct);

    public static string Text(EmbeddingStore.Pending p) => p.Title + ". " + p.Abstract;

    private async Task<int> RunAsync(string name, int batch, Func<IReadOnlyList<EmbeddingStore.Pending>, float[][]> embed, int max, CancellationToken ct)
    {
        var stale = await store.DropStaleAsync(name, ct: ct);
        if (stale > 0) log?.Invoke($"embed {name}: {stale:N0} papers changed their text since embedding; embedding them again");
        var missing = await store.CountMissingAsync(name, ct);
        if (missing == 0) return 0;
        log?.Invoke($"embed {name}: {missing:N0} papers without a vector");
        var sw = Stopwatch.StartNew();
        var lastLog = sw.Elapsed;
        var done = 0;
        while (done < max)
        {
            ct.ThrowIfCancellationRequested();
            var docs = await store.GetMissingAsync(name, Math.Min(batch, max - done), ct);
            if (docs.Count == 0) break;
            var vectors = await Task.Run(() => embed(docs), ct);
            await store.SaveAsync(name, docs.Select((d, i) => (d, vectors[i])).ToList(), ct);
            done += docs.Count;
            if (sw.Elapsed - lastLog > TimeSpan.FromSeconds(5) || done == missing)
            {
                lastLog = sw.Elapsed;
                log?.Invoke($"embed {name}: {done:N0} of {missing:N0}, {done / sw.Elapsed.TotalSeconds:N0} papers/s");
            }
        }
        log?.Invoke($"embed {name}: {done:N0} papers in {sw.Elapsed.TotalSeconds:N1} s ({done / Math.Max(0.001, sw.Elapsed.TotalSeconds):N0}/s)");
        return done;
    }
}
