using System.Globalization;

namespace DailyPapers.Storage;

/// <summary>
/// Timestamps are stored as fixed-width ISO-8601 UTC text with milliseconds ("2024-05-27T03:50:58.348Z") and dates
/// as "yyyy-MM-dd", so text order is time order on every dialect.
/// </summary>
public static class SqlTime
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string? Ts(DateTimeOffset? t) =>
        t?.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTs(string? s) =>
        string.IsNullOrEmpty(s) ? null
        : DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateOnly ParseDate(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Drops sub-millisecond precision so a value survives a round trip through the database unchanged.</summary>
    public static DateTimeOffset? Truncate(DateTimeOffset? t) =>
        t is { } v ? new DateTimeOffset(v.UtcTicks - v.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero) : null;
}
