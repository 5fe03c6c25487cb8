namespace DailyPapers.Search;

/// <summary>Where a node keeps its derived search files.</summary>
public static class SearchPaths
{
    /// <summary>The full-text index folder: {DataDir}/index.</summary>
    public static string IndexFolder(string dataDir) => Path.Combine(dataDir, "index");

    /// <summary>Model files extracted from the MiniLM package at run time: {DataDir}/models (never committed).</summary>
    public static string ModelCache(string dataDir) => Path.Combine(dataDir, "models");
}
