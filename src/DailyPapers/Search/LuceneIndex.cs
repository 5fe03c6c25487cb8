using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using LDirectory = Lucene.Net.Store.Directory;

namespace DailyPapers.Search;

/// <summary>
/// The full-text index (BM25) of one node, in a folder (default {DataDir}/index). Derived from the database:
/// it can be deleted and rebuilt at any time. The last applied <c>paper_changes</c> seq is stored in the
/// Lucene commit, so a restart continues where it stopped. Thread-safe: one writer, near-real-time searchers.
/// </summary>
public sealed partial class LuceneIndex : IDisposable
{
    /// <summary>Field names.</summary>
    public static class F
    {
        public const string Id = "id", PaperId = "pid", ArxivId = "arxiv";
        public const string Title = "title", Abstract = "abstract", Authors = "authors", Keywords = "keywords",
            Summary = "summary", Categories = "cats", Ids = "ids";
        public const string Category = "cat", Organization = "org", HasCode = "code", Published = "published",
            PublishedDv = "published_dv", Feed = "feed", Upvotes = "upvotes", UpvotesDv = "upvotes_dv";
        /// <summary>Author name keys (<see cref="AuthorNames.IndexKeys"/>), matched exactly.</summary>
        public const string AuthorKey = "akey";
    }

    private const string SeqKey = "paper_changes_seq", FormatKey = "format";

    /// <summary>
    /// What the documents hold; an index written with another format is rebuilt on open (<see cref="OpenOrReset"/>),
    /// never searched with fields missing. 2: author name keys (issue 14.2).
    /// </summary>
    public const int Format = 2;

    /// <summary>The format the index on disk was written with (1: before formats were recorded).</summary>
    public int WrittenFormat { get; }

    private readonly LDirectory _dir;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private long _appliedSeq;

    public PaperAnalyzer Analyzer { get; } = new();
    public string? Folder { get; }

    private LuceneIndex(LDirectory dir, string? folder)
    {
        _dir = dir;
        Folder = folder;
        var config = new IndexWriterConfig(PaperAnalyzer.Version, Analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = new Lucene.Net.Search.Similarities.BM25Similarity(),
            RAMBufferSizeMB = 64,
        };
        _writer = new IndexWriter(dir, config);
        _searchers = new SearcherManager(_writer, true, new BmSearcherFactory());
        var data = _writer.CommitData;
        _appliedSeq = data is not null && data.TryGetValue(SeqKey, out var s) && long.TryParse(s, CultureInfo.InvariantCulture, out var v) ? v : 0;
        WrittenFormat = data is not null && data.TryGetValue(FormatKey, out var f) && int.TryParse(f, CultureInfo.InvariantCulture, out var n) ? n : 1;
    }

    /// <summary>Opens (or creates) the index in <paramref name="folder"/>.</summary>
    public static LuceneIndex Open(string folder)
    {
        System.IO.Directory.CreateDirectory(folder);
        return new LuceneIndex(FSDirectory.Open(folder), Path.GetFullPath(folder));
    }

    /// <summary>An index held in memory (tests, benchmarks).</summary>
    public static LuceneIndex InMemory() => new(new RAMDirectory(), null);

    /// <summary>The last <c>paper_changes</c> seq whose change is in the index (committed or not).</summary>
    public long AppliedSeq => Interlocked.Read(ref _appliedSeq);

    public int Count
    {
        get
        {
            var s = _searchers.Acquire();
            try { return s.IndexReader.NumDocs; }
            finally { _searchers.Release(s); }
        }
    }

    /// <summary>Adds or replaces papers (keyed by paper id).</summary>
    public void Upsert(IEnumerable<SearchDoc> docs)
    {
        foreach (var d in docs) _writer.UpdateDocument(new Term(F.Id, d.PaperId.ToString(CultureInfo.InvariantCulture)), ToDocument(d));
    }

    public void Delete(IEnumerable<long> paperIds)
    {
        foreach (var id in paperIds) _writer.DeleteDocuments(new Term(F.Id, id.ToString(CultureInfo.InvariantCulture)));
    }

    public void DeleteAll() => _writer.DeleteAll();

    /// <summary>Makes the changes so far visible to searches (near real time, no disk sync).</summary>
    public void Refresh() => _searchers.MaybeRefreshBlocking();

    /// <summary>Records <paramref name="seq"/> as applied; with <paramref name="durable"/> also commits to disk.</summary>
    public void MarkApplied(long seq, bool durable)
    {
        Interlocked.Exchange(ref _appliedSeq, seq);
        if (!durable) return;
        _writer.SetCommitData(new Dictionary<string, string>
        {
            [SeqKey] = seq.ToString(CultureInfo.InvariantCulture),
            [FormatKey] = Format.ToString(CultureInfo.InvariantCulture),
        });
        _writer.Commit();
    }

    private static Document ToDocument(SearchDoc d)
    {
        var id = d.PaperId.ToString(CultureInfo.InvariantCulture);
        var doc = new Document
        {
            new StringField(F.Id, id, Field.Store.NO),
            new NumericDocValuesField(F.PaperId, d.PaperId),
            new StringField(F.ArxivId, d.ArxivId, Field.Store.YES),
            new TextField(F.Title, d.Title, Field.Store.YES),
            new TextField(F.Abstract, d.Abstract, Field.Store.YES),
            new TextField(F.Ids, d.ArxivId, Field.Store.NO),
            new StringField(F.HasCode, d.HasCode ? "1" : "0", Field.Store.NO),
            new Int32Field(F.Upvotes, d.Upvotes, Field.Store.NO),
            new NumericDocValuesField(F.UpvotesDv, d.Upvotes),
        };
        if (d.Authors.Count > 0) doc.Add(new TextField(F.Authors, string.Join("; ", d.Authors), Field.Store.NO));
        foreach (var key in d.Authors.SelectMany(AuthorNames.IndexKeys).Distinct()) doc.Add(new StringField(F.AuthorKey, key, Field.Store.NO));
        if (d.AiKeywords.Count > 0) doc.Add(new TextField(F.Keywords, string.Join("; ", d.AiKeywords), Field.Store.NO));
        if (!string.IsNullOrEmpty(d.AiSummary)) doc.Add(new TextField(F.Summary, d.AiSummary, Field.Store.NO));
        if (d.Categories.Count > 0) doc.Add(new TextField(F.Categories, string.Join(' ', d.Categories), Field.Store.NO));
        foreach (var c in d.Categories) doc.Add(new StringField(F.Category, c.ToLowerInvariant(), Field.Store.NO));
        if (!string.IsNullOrEmpty(d.Organization)) doc.Add(new StringField(F.Organization, d.Organization.ToLowerInvariant(), Field.Store.NO));
        var published = d.Published is { } p ? DayNumber(p) : 0;
        doc.Add(new Int32Field(F.Published, published, Field.Store.NO));
        doc.Add(new NumericDocValuesField(F.PublishedDv, published));
        foreach (var f in d.FeedDates) doc.Add(new Int32Field(F.Feed, DayNumber(f), Field.Store.NO));
        return doc;
    }

    /// <summary>Dates as yyyymmdd numbers: ordered like dates and readable in a debugger.</summary>
    internal static int DayNumber(DateOnly d) => d.Year * 10000 + d.Month * 100 + d.Day;

    public void Dispose()
    {
        _searchers.Dispose();
        _fanOut.Dispose();
        _writer.Dispose();
        _dir.Dispose();
        Analyzer.Dispose();
    }

    private sealed class BmSearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) =>
            new(reader) { Similarity = new Lucene.Net.Search.Similarities.BM25Similarity() };
    }
}
