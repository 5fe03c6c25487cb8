namespace DailyPapers.Search;

/// <summary>Where a node keeps its derived search files.</summary>
public static class SearchPaths
{
    /// <summary>Names a model cache folder shared by several data dirs and test runs (the static table is built once).</summary>
    public const string ModelCacheVariable = "DAILYPAPERS_MODEL_CACHE";

    /// <summary>The full-text index folder: {DataDir}/index.</summary>
    public static string IndexFolder(string dataDir) => Path.Combine(dataDir, "index");

    /// <summary>
    /// Model files extracted from the MiniLM package at run time, plus the derived static table (never committed):
    /// $DAILYPAPERS_MODEL_CACHE when set, else {DataDir}/models.
    /// </summary>
    public static string ModelCache(string dataDir) =>
        Environment.GetEnvironmentVariable(ModelCacheVariable) is { Length: > 0 } shared ? shared : Path.Combine(dataDir, "models");
}
