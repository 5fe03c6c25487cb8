using DailyPapers.Storage;

namespace DailyPapers.Search;

/// <summary>
/// The search facade the web calls: full text (BM25) and meaning (vectors) fused by reciprocal rank fusion.
/// Owns this node's Lucene index and in-process vector indexes, and keeps them current from the database.
/// </summary>
public sealed partial class SearchService : IDisposable
{
    /// <summary>Candidates taken from each ranked list before fusion.</summary>
    public const int FusionDepth = 100;
    /// <summary>RRF's k: 60 is the usual constant; smaller favours the top of each list.</summary>
    public const double RrfK = 60;

    /// <summary>Which vector indexes answer a query (evaluation switches; the product uses <see cref="VectorVoices.Auto"/>).</summary>
    public VectorVoices Voices { get; set; } = VectorVoices.Auto;
    /// <summary>Weight of all vector lists against BM25's 1.0 in the hybrid fusion.</summary>
    public double VectorWeight { get; set; } = 1.0;
    /// <summary>Weight of the static model's list when full MiniLM also answers.</summary>
    public double StaticWeightBesideFull { get; set; } = 0.5;

    /// <summary>
    /// Cosine similarity from which full MiniLM alone admits a paper BM25 did not find (issue 14.3). Calibrated on the
    /// judged set against junk queries: <c>bench vector-cutoff</c>, docs/BENCHMARKS.md "Vector cut-off".
    /// </summary>
    public double FullCutoff { get; set; } = DefaultFullCutoff;
    /// <summary>As <see cref="FullCutoff"/>, for the static model (its similarities run on another scale).</summary>
    public double StaticCutoff { get; set; } = DefaultStaticCutoff;
    public const double DefaultFullCutoff = 0.40, DefaultStaticCutoff = 0.94;

    private readonly PaperStore _papers;
    private readonly EmbeddingStore _embeddings;
    private readonly string _modelCache;
    private readonly string? _indexFolder;
    private readonly Action<string>? _log;
    private readonly Lazy<MiniLmModel> _model;
    private readonly Lazy<StaticModel> _static;

    /// <summary>The full-text index and its follower, replaced together when a damaged index is rebuilt.</summary>
    private sealed record LexicalPart(LuceneIndex Index, IndexFollower Follower);
    private volatile LexicalPart _lexical;
    private volatile bool _needsRebuild, _rebuilding;
    private int _repairing;

    public LuceneIndex Lexical => _lexical.Index;
    public IndexFollower Follower => _lexical.Follower;
    public VectorIndex FullVectors { get; } = new(MiniLmModel.Name, MiniLmModel.Dims);
    public VectorIndex StaticVectors { get; } = new(StaticModel.Name, StaticModel.Dims);

    /// <summary>
    /// True while the full-text index is built from nothing (first start, or after a damaged index was moved aside):
    /// searches answer <see cref="SearchResult.IndexRebuilding"/> instead of a partial list; everything else serves.
    /// </summary>
    public bool Rebuilding => _rebuilding || _needsRebuild;

    private SearchService(PaperStore papers, EmbeddingStore embeddings, LuceneIndex index, string? indexFolder, string modelCache, Action<string>? log)
    {
        _papers = papers;
        _embeddings = embeddings;
        _modelCache = modelCache;
        _indexFolder = indexFolder;
        _log = log;
        _lexical = new LexicalPart(index, new IndexFollower(index, papers, log));
        _model = new(() => MiniLmModel.Load(_modelCache), LazyThreadSafetyMode.ExecutionAndPublication);
        _static = new(() => StaticModel.LoadOrBuild(_model.Value, _log), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// Opens the index in <paramref name="indexFolder"/> (null: in memory) without building anything: quick, so the host
    /// can serve at once. A damaged index is moved aside (see <see cref="LuceneIndex.OpenOrReset"/>); an empty one is
    /// marked <see cref="Rebuilding"/> until <see cref="EnsureBuiltAsync"/> (the host's background job) fills it.
    /// </summary>
    public static SearchService Open(PaperStore papers, EmbeddingStore embeddings, string? indexFolder, string modelCache, Action<string>? log = null)
    {
        var reset = true;
        var index = indexFolder is null ? LuceneIndex.InMemory() : LuceneIndex.OpenOrReset(indexFolder, log, out reset);
        return new SearchService(papers, embeddings, index, indexFolder, modelCache, log) { _needsRebuild = reset };
    }

    /// <summary>Opens the index, builds it when empty or damaged, and catches up with the database (verbs, tests, benchmarks).</summary>
    public static async Task<SearchService> OpenAsync(PaperStore papers, EmbeddingStore embeddings, string? indexFolder, string modelCache,
        Action<string>? log = null, CancellationToken ct = default)
    {
        var s = Open(papers, embeddings, indexFolder, modelCache, log);
        try
        {
            await s.EnsureBuiltAsync(ct);
            await s.CatchUpAsync(ct);
            return s;
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    /// <summary>Builds the full-text index from the database when it was empty or moved aside at open. Cheap otherwise.</summary>
    public async Task EnsureBuiltAsync(CancellationToken ct = default)
    {
        if (!_needsRebuild) return;
        await _buildGate.WaitAsync(ct);
        try
        {
            if (!_needsRebuild) return;
            _rebuilding = true;
            await Follower.RebuildAsync(ct);
            _needsRebuild = false;
        }
        finally
        {
            _rebuilding = false;
            _buildGate.Release();
        }
    }

    private readonly SemaphoreSlim _buildGate = new(1, 1);

    /// <summary>Papers the database holds (to decide whether a rebuild is quick enough to wait for at start).</summary>
    public async Task<long> PaperCountAsync(CancellationToken ct = default) => (await _papers.CountAsync(ct)).Papers;

    /// <summary>
    /// A read found the index damaged (a lost or corrupt file): move it aside and rebuild it from the database in the
    /// background, once, while searches answer "rebuilding". The index is derived data; the site keeps serving.
    /// </summary>
    public void StartRepair(Exception cause)
    {
        if (_indexFolder is null || Interlocked.Exchange(ref _repairing, 1) == 1) return;
        _rebuilding = true;
        _log?.Invoke($"search index: a read failed ({cause.GetType().Name}: {cause.Message}); moving the index aside and rebuilding it from the database");
        _ = Task.Run(async () =>
        {
            try
            {
                var old = _lexical;
                try { old.Index.Dispose(); }
                catch (Exception e) when (e is not OutOfMemoryException) { _log?.Invoke($"search index: closing the damaged index: {e.Message}"); }
                var fresh = LuceneIndex.OpenFresh(_indexFolder, _log);
                fresh.Bounds = old.Index.Bounds;
                _lexical = new LexicalPart(fresh, new IndexFollower(fresh, _papers, _log));
                await Follower.RebuildAsync();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Left marked for a rebuild: the host's index job tries again on its next round.
                _needsRebuild = true;
                _log?.Invoke($"search index: rebuilding after damage failed: {e.Message}");
            }
            finally
            {
                _rebuilding = false;
                Volatile.Write(ref _repairing, 0);
            }
        });
    }

    /// <summary>
    /// Hybrid search: BM25 and vector results (full MiniLM where computed, the static model everywhere) fused by
    /// reciprocal rank fusion, filters applied to both. Sorts other than relevance use the full-text matches only.
    /// Reads only: the index follows the database in the background (<see cref="CatchUpAsync"/>), never in a request.
    /// </summary>
    public Task<SearchResult> SearchAsync(SearchQuery q, CancellationToken ct = default) => GuardAsync(() => SearchCoreAsync(q, ct));

    /// <summary>Vectors only (evaluation, "search by meaning").</summary>
    public Task<SearchResult> VectorOnlyAsync(SearchQuery q, CancellationToken ct = default) => GuardAsync(() => VectorOnlyCoreAsync(q));

    /// <summary>Nearest neighbours of a paper by meaning, the paper itself excluded. Unknown id: empty result.</summary>
    public Task<SearchResult> SimilarAsync(string arxivId, int k, CancellationToken ct = default) => GuardAsync(() => SimilarCoreAsync(arxivId, k, ct));

    /// <summary>"Search by abstract": papers nearest in meaning to a pasted paragraph, with BM25 as a weaker voice.</summary>
    public Task<SearchResult> SearchByTextAsync(string paragraph, int k, CancellationToken ct = default) => GuardAsync(() => SearchByTextCoreAsync(paragraph, k));

    /// <summary>While the index is rebuilt, or when a read finds it damaged (then a repair starts), answer "rebuilding".</summary>
    private async Task<SearchResult> GuardAsync(Func<Task<SearchResult>> read)
    {
        if (Rebuilding) return SearchResult.IndexRebuilding;
        try { return await read(); }
        catch (Exception e) when (LuceneIndex.IsDamage(e) || e is ObjectDisposedException)
        {
            if (LuceneIndex.IsDamage(e)) StartRepair(e);
            return SearchResult.IndexRebuilding;
        }
    }

    /// <summary>The full MiniLM model (loaded on first use).</summary>
    public MiniLmModel Model => _model.Value;
    /// <summary>The static model (its table is built and cached on first use).</summary>
    public StaticModel Static => _static.Value;

    /// <summary>Applies paper changes to the full-text index and loads new vectors. Cheap when nothing changed.</summary>
    public async Task CatchUpAsync(CancellationToken ct = default)
    {
        await Follower.CatchUpAsync(true, ct);
        await LoadVectorsAsync(FullVectors, ct);
        await LoadVectorsAsync(StaticVectors, ct);
    }

    // paper_embeddings ids, like change seqs, can commit out of order on PostgreSQL: read through a SeqCursor.
    private readonly Dictionary<VectorIndex, SeqCursor> _vectorCursors = [];

    private async Task LoadVectorsAsync(VectorIndex into, CancellationToken ct)
    {
        const int page = 5000;
        SeqCursor cursor;
        lock (_vectorCursors)
            if (!_vectorCursors.TryGetValue(into, out cursor!))
                _vectorCursors[into] = cursor = new SeqCursor(into.LoadedRowId, SeqCursor.DefaultGrace);
        await _vectorGate.WaitAsync(ct);
        try
        {
            var after = cursor.Watermark;
            while (true)
            {
                var rows = await _embeddings.ReadLogAfterAsync(into.Model, after, page, ct);
                foreach (var r in rows)
                    if (cursor.IsNew(r.Id) && r.Vector is { } v && v.Length == into.Dims) into.Upsert(r.PaperId, v);
                cursor.Observe(rows.Select(r => r.Id));
                into.LoadedRowId = cursor.Watermark;
                if (rows.Count < page) break;
                after = rows[^1].Id;
            }
        }
        finally { _vectorGate.Release(); }
    }

    private readonly SemaphoreSlim _vectorGate = new(1, 1);

    public void Dispose()
    {
        try { Follower.Flush(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException || LuceneIndex.IsDamage(e))
        {
            _log?.Invoke($"search index: final commit failed (the index is rebuilt or caught up on the next start): {e.Message}");
        }
        Lexical.Dispose();
        if (_model.IsValueCreated) _model.Value.Dispose();
    }
}

/// <summary>Which vector indexes answer a query.</summary>
public enum VectorVoices
{
    /// <summary>Every vector index that holds vectors, fused (full MiniLM with half the weight for the static model).</summary>
    Auto,
    Static,
    Full,
    /// <summary>Both, always fused.</summary>
    Both,
}
