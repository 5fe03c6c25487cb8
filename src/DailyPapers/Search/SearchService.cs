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

    private readonly PaperStore _papers;
    private readonly EmbeddingStore _embeddings;
    private readonly string _modelCache;
    private readonly Action<string>? _log;
    private readonly Lazy<MiniLmModel> _model;
    private readonly Lazy<StaticModel> _static;

    public LuceneIndex Lexical { get; }
    public IndexFollower Follower { get; }
    public VectorIndex FullVectors { get; } = new(MiniLmModel.Name, MiniLmModel.Dims);
    public VectorIndex StaticVectors { get; } = new(StaticModel.Name, StaticModel.Dims);

    private SearchService(PaperStore papers, EmbeddingStore embeddings, LuceneIndex index, string modelCache, Action<string>? log)
    {
        _papers = papers;
        _embeddings = embeddings;
        _modelCache = modelCache;
        _log = log;
        Lexical = index;
        Follower = new IndexFollower(index, papers, log);
        _model = new(() => MiniLmModel.Load(_modelCache), LazyThreadSafetyMode.ExecutionAndPublication);
        _static = new(() => StaticModel.LoadOrBuild(_model.Value, _log), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Opens the index in <paramref name="indexFolder"/> (null: in memory), rebuilds it when empty, and loads vectors.</summary>
    public static async Task<SearchService> OpenAsync(PaperStore papers, EmbeddingStore embeddings, string? indexFolder, string modelCache,
        Action<string>? log = null, CancellationToken ct = default)
    {
        var index = indexFolder is null ? LuceneIndex.InMemory() : LuceneIndex.Open(indexFolder);
        var s = new SearchService(papers, embeddings, index, modelCache, log);
        try
        {
            if (index.Count == 0 && index.AppliedSeq == 0) await s.Follower.RebuildAsync(ct);
            await s.CatchUpAsync(ct);
            return s;
        }
        catch
        {
            s.Dispose();
            throw;
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
        Follower.Flush();
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
