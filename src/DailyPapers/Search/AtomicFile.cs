namespace DailyPapers.Search;

/// <summary>Writes a file so readers see the old file or the whole new one, never a part — and nothing is left behind.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes beside <paramref name="target"/> and renames over it. Several processes may write at once (tests, nodes
    /// sharing a model cache), so the temporary name is per process. On failure — a full disk above all — the partial
    /// temporary file is deleted: a 41 MB model fragment must not stay behind to fill the disk further.
    /// </summary>
    public static void Write(string target, Action<Stream> write)
    {
        var tmp = $"{target}.tmp{Environment.ProcessId}-{Environment.CurrentManagedThreadId}";
        try
        {
            using (var f = File.Create(tmp)) write(f);
            File.Move(tmp, target, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
