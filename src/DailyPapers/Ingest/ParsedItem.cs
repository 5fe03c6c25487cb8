using DailyPapers.Papers;

namespace DailyPapers.Ingest;

/// <summary>
/// One record read from a source: either a record or the reason it was rejected, with where it stood
/// (<see cref="Line"/> is 1-based; 0 when the format has no lines).
/// </summary>
public readonly record struct ParsedItem(int Line, ImportRecord? Record, string? Error)
{
    public static ParsedItem Ok(int line, ImportRecord r) => new(line, r, null);
    public static ParsedItem Fail(int line, string error) => new(line, null, error);
}

/// <summary>A record that a source could not turn into a paper; the message names what was wrong.</summary>
public sealed class RecordException(string message) : Exception(message);
