using System.Globalization;
using Lucene.Net.Store;

namespace DailyPapers.Search;

public sealed partial class LuceneIndex
{
    /// <summary>Broken index folders kept beside the index for a post-mortem; older ones are deleted.</summary>
    public const int BrokenCopiesKept = 1;

    /// <summary>
    /// Opens the index in <paramref name="folder"/>, or — when it cannot be opened or read (a lost or truncated segment
    /// file, a format from another version) — moves it aside as <c>{folder}.broken-{UTC time}</c> and opens a fresh, empty
    /// one. The index is derived from the database, so a broken one is never worth a crash loop: the caller rebuilds.
    /// A lock held by another process is not damage and is rethrown (two writers must never share a folder).
    /// </summary>
    /// <param name="reset">True when the old index was moved aside (or none existed): the caller must rebuild.</param>
    public static LuceneIndex OpenOrReset(string folder, Action<string>? log, out bool reset, TimeProvider? clock = null)
    {
        try
        {
            var index = Open(folder);
            try
            {
                index.Verify();
                reset = index.Count == 0 && index.AppliedSeq == 0;
                if (!reset && index.WrittenFormat != Format)
                {
                    // Documents of an older build lack fields this one searches: rebuild rather than answer wrongly.
                    log?.Invoke($"search index: written with format {index.WrittenFormat}, this build reads format {Format}; rebuilding it from the database");
                    reset = true;
                }
                return index;
            }
            catch
            {
                index.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is not (LockObtainFailedException or OperationCanceledException or OutOfMemoryException))
        {
            string aside;
            try { aside = MoveAside(folder, clock ?? TimeProvider.System); }
            catch (Exception moveError) when (moveError is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"search index: {Path.GetFullPath(folder)} cannot be opened ({e.Message}) nor moved aside ({moveError.Message})", e);
            }
            log?.Invoke($"search index: {Path.GetFullPath(folder)} cannot be opened ({e.GetType().Name}: {e.Message}); " +
                $"moved it to {aside} and rebuilding it from the database");
            reset = true;
            return Open(folder);
        }
    }

    /// <summary>Moves whatever is in <paramref name="folder"/> aside and opens a fresh, empty index there.</summary>
    public static LuceneIndex OpenFresh(string folder, Action<string>? log, TimeProvider? clock = null)
    {
        if (System.IO.Directory.Exists(folder))
            log?.Invoke($"search index: moved {Path.GetFullPath(folder)} to {MoveAside(folder, clock ?? TimeProvider.System)}");
        return Open(folder);
    }

    /// <summary>
    /// True for failures of a read or write that mean the index files are damaged or gone (so moving them aside and
    /// rebuilding helps) — not a full or read-only disk, a lock, or a bug, which a rebuild would not cure.
    /// </summary>
    public static bool IsDamage(Exception e) => e switch
    {
        AggregateException a => a.InnerExceptions.Any(IsDamage),
        FileNotFoundException or DirectoryNotFoundException or EndOfStreamException => true,
        Lucene.Net.Index.CorruptIndexException => true,
        _ => false,
    };

    /// <summary>Reads every live document's stored id once, so a damaged file shows up now rather than in a user's search.</summary>
    private void Verify()
    {
        var s = _searchers.Acquire();
        try
        {
            var reader = s.IndexReader;
            foreach (var leaf in reader.Leaves)
            {
                var r = leaf.AtomicReader;
                _ = r.Fields;
                if (r.MaxDoc > 0) r.Document(r.MaxDoc - 1);
            }
        }
        finally { _searchers.Release(s); }
    }

    private static string MoveAside(string folder, TimeProvider clock)
    {
        var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        var aside = $"{full}.broken-{clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        if (System.IO.Directory.Exists(aside)) aside += "-" + Guid.NewGuid().ToString("N")[..6];
        System.IO.Directory.Move(full, aside);
        // A disk that keeps corrupting indexes must not fill up with copies: keep only the newest few.
        var parent = Path.GetDirectoryName(full)!;
        foreach (var old in System.IO.Directory.GetDirectories(parent, Path.GetFileName(full) + ".broken-*")
                     .OrderByDescending(d => d, StringComparer.Ordinal).Skip(BrokenCopiesKept))
        {
            try { System.IO.Directory.Delete(old, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return aside;
    }
}
