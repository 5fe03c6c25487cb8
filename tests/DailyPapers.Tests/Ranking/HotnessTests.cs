using System.Globalization;
using DailyPapers.Ranking;

namespace DailyPapers.Tests.Ranking;

/// <summary>
/// Golden numbers for the trending formula, computed independently (Python: log10(1 + u + c/2) + hours since
/// 2020-01-01 / 36). A failing row means the formula changed: update docs/VOTING.md and run recalc-trending.
/// </summary>
public sealed class HotnessTests
{
    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Theory]
    [InlineData(0, 0, "2020-01-01T00:00:00Z", 0.000000)]        // the epoch, no engagement
    [InlineData(9, 0, "2020-01-01T00:00:00Z", 1.000000)]        // ten times the engagement = one step
    [InlineData(0, 0, "2020-01-02T12:00:00Z", 1.000000)]        // ... = one 36-hour window of age
    [InlineData(99, 0, "2024-09-23T00:00:00Z", 1153.333333)]
    [InlineData(10, 4, "2024-09-23T00:00:00Z", 1152.447277)]    // comments count half
    [InlineData(1, 0, "2025-11-27T08:30:00Z", 1438.537141)]
    [InlineData(250, 30, "2026-01-15T17:45:00Z", 1473.584604)]
    [InlineData(-5, -2, "2024-09-23T00:00:00Z", 1151.333333)]   // negative counters (bad data) count as zero
    public void Golden_numbers(int upvotes, int comments, string featuredAt, double expected) =>
        Assert.Equal(expected, Hotness.Compute(upvotes, comments, At(featuredAt)), 6);

    [Theory]
    // (upvotes, comments, featured) of A and B, and whether A ranks above B.
    [InlineData(10, 0, "2025-01-02T00:00:00Z", 10, 0, "2025-01-01T00:00:00Z", true)]   // same votes: the newer wins
    [InlineData(50, 0, "2025-01-01T00:00:00Z", 5, 0, "2025-01-02T00:00:00Z", true)]    // 10x votes outweigh one day
    [InlineData(5, 0, "2025-01-01T00:00:00Z", 50, 0, "2025-01-03T00:00:00Z", false)]   // ... but not 48 hours (> one window)
    [InlineData(4, 2, "2025-01-01T00:00:00Z", 4, 0, "2025-01-01T00:00:00Z", true)]     // comments break a tie in votes
    [InlineData(4, 0, "2025-01-01T00:00:00Z", 3, 2, "2025-01-01T00:00:00Z", false)]    // two comments = one vote: level
    public void Ordering(int ua, int ca, string fa, int ub, int cb, string fb, bool aAbove)
    {
        var a = Hotness.Compute(ua, ca, At(fa));
        var b = Hotness.Compute(ub, cb, At(fb));
        Assert.Equal(aAbove, a > b);
    }

    [Fact]
    public void One_more_vote_always_raises_the_score()
    {
        var t = At("2025-06-01T00:00:00Z");
        for (var n = 0; n < 2000; n++)
            Assert.True(Hotness.Compute(n + 1, 0, t) > Hotness.Compute(n, 0, t), $"{n} → {n + 1} votes");
    }
}
