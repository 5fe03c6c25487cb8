using DailyPapers.Digests;

namespace DailyPapers.Tests.Digests;

public sealed class DigestPeriodTests
{
    [Theory]
    [InlineData("daily:2025-06-16", "2025-06-14", "2025-06-16")] // Monday covers the weekend
    [InlineData("daily:2025-06-17", "2025-06-17", "2025-06-17")]
    [InlineData("daily:2025-06-20", "2025-06-20", "2025-06-20")]
    [InlineData("weekly:2025-W25", "2025-06-16", "2025-06-22")]
    [InlineData("weekly:2026-W01", "2025-12-29", "2026-01-04")] // ISO week-year differs from the calendar year
    [InlineData("weekly:2020-W53", "2020-12-28", "2021-01-03")]
    public void Parse_gives_the_feed_days_of_a_period(string key, string from, string to)
    {
        var p = DigestPeriod.Parse(key);
        Assert.Equal(DateOnly.Parse(from), p.From);
        Assert.Equal(DateOnly.Parse(to), p.To);
        Assert.Equal(key, p.Key);
    }

    [Theory]
    [InlineData("daily:2025-06-15")] // a Sunday
    [InlineData("daily:2025-13-01")]
    [InlineData("weekly:2025-W54")]
    [InlineData("weekly:2025-W00")]
    [InlineData("weekly:2025W25")]
    [InlineData("monthly:2025-06")]
    [InlineData("")]
    public void Bad_periods_are_refused(string key) => Assert.False(DigestPeriod.TryParse(key, out _, out var error) || error.Length == 0);

    [Theory]
    // now (UTC), build hour 6, high-water mark, max missed 2 → expected keys
    [InlineData("2025-06-17T05:59:00Z", null, "daily:2025-06-13")]                  // Monday's issue not closed yet
    [InlineData("2025-06-17T06:00:00Z", null, "daily:2025-06-16")]                  // no mark: only the newest
    [InlineData("2025-06-17T06:00:00Z", "daily:2025-06-16", "")]                    // already built
    [InlineData("2025-06-19T07:00:00Z", "daily:2025-06-16", "daily:2025-06-17 daily:2025-06-18")]
    [InlineData("2025-07-01T07:00:00Z", "daily:2025-06-16", "daily:2025-06-26 daily:2025-06-27 daily:2025-06-30")] // capped: a month down mails 3, not 10
    [InlineData("2025-06-23T06:00:00Z", "weekly:2025-W24", "weekly:2025-W25")]
    [InlineData("2025-06-23T05:00:00Z", "weekly:2025-W24", "")]
    public void Due_periods_follow_the_high_water_mark_with_a_cap(string now, string? mark, string expected)
    {
        var cadence = (mark ?? expected).StartsWith("weekly", StringComparison.Ordinal) ? Cadence.Weekly : Cadence.Daily;
        var due = DigestPeriod.Due(cadence, DateTimeOffset.Parse(now), 6, mark is null ? null : DigestPeriod.Parse(mark), maxMissed: 2);
        Assert.Equal(expected, string.Join(' ', due.Select(p => p.Key)));
    }
}
