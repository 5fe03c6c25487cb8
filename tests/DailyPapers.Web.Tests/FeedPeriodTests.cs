namespace DailyPapers.Web.Tests;

public sealed class FeedPeriodTests
{
    [Theory]
    [InlineData("2025-W25", "2025-06-16", "2025-06-22")]
    [InlineData("2025-W01", "2024-12-30", "2025-01-05")] // ISO week 1 starts in the previous calendar year
    [InlineData("2020-W53", "2020-12-28", "2021-01-03")] // a 53-week year
    [InlineData("2024-w39", "2024-09-23", "2024-09-29")]
    public void Week_parses_to_monday_through_sunday(string input, string from, string to)
    {
        Assert.True(FeedPeriod.TryParseWeek(input, out var p, out _));
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), (p.From, p.To));
        Assert.Equal(input.ToUpperInvariant(), p.Value);
    }

    [Theory]
    [InlineData("2025-W53")]
    [InlineData("2025-W00")]
    [InlineData("2025-25")]
    [InlineData("2025W25")]
    [InlineData("")]
    [InlineData(null)]
    public void Bad_weeks_are_rejected(string? input) => Assert.False(FeedPeriod.TryParseWeek(input, out _, out _));

    [Theory]
    [InlineData("2025-06-16", true)]
    [InlineData("2024-02-29", true)]
    [InlineData("2025-02-29", false)]
    [InlineData("2025-6-16", false)]
    [InlineData("16/06/2025", false)]
    public void Dates_are_strict(string input, bool ok) => Assert.Equal(ok, FeedPeriod.TryParseDate(input, out _, out _));

    [Theory]
    [InlineData("2025-02", "2025-02-01", "2025-02-28")]
    [InlineData("2024-02", "2024-02-01", "2024-02-29")]
    [InlineData("2024-12", "2024-12-01", "2024-12-31")]
    public void Month_spans_its_days(string input, string from, string to)
    {
        Assert.True(FeedPeriod.TryParseMonth(input, out var p, out _));
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), (p.From, p.To));
    }

    [Theory]
    [InlineData("2025-06-18", PeriodKind.Week, "/papers/week/2025-W25")]
    [InlineData("2025-06-18", PeriodKind.Month, "/papers/month/2025-06")]
    [InlineData("2025-06-18", PeriodKind.Day, "/papers/date/2025-06-18")]
    [InlineData("2021-01-02", PeriodKind.Week, "/papers/week/2020-W53")]
    public void Period_of_a_day_and_its_path(string day, PeriodKind kind, string path) =>
        Assert.Equal(path, FeedPeriod.Of(kind, DateOnly.Parse(day)).Path);
}
