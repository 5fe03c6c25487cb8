using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DailyPapers.Papers;

namespace DailyPapers.Web;

public enum PeriodKind { Day, Week, Month }

/// <summary>
/// A span of feed days that a feed page or an API call shows: one day (<c>2025-06-16</c>), an ISO week
/// (<c>2025-W25</c>, Monday to Sunday) or a calendar month (<c>2025-06</c>). Parsing is strict so a typo is a 400
/// that names the input, never a silently different day.
/// </summary>
public readonly record struct FeedPeriod(PeriodKind Kind, DateOnly From, DateOnly To)
{
    /// <summary>
    /// The first and last days a period may touch. Far inside DateOnly's range, so the neighbour, week and month
    /// arithmetic of the feed (a day before, a week after, the month's last day) can never leave the calendar:
    /// 9999-12-31 used to be a 500. No paper feed has a day outside this span.
    /// </summary>
    public static readonly DateOnly Earliest = new(1900, 1, 1), Latest = new(2999, 12, 31);
    public static FeedPeriod Day(DateOnly d) => new(PeriodKind.Day, d, d);

    public static FeedPeriod WeekOf(DateOnly d)
    {
        var monday = d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
        return new(PeriodKind.Week, monday, monday.AddDays(6));
    }

    public static FeedPeriod MonthOf(DateOnly d)
    {
        var first = new DateOnly(d.Year, d.Month, 1);
        return new(PeriodKind.Month, first, first.AddMonths(1).AddDays(-1));
    }

    public static FeedPeriod Of(PeriodKind kind, DateOnly d) => kind switch
    {
        PeriodKind.Week => WeekOf(d),
        PeriodKind.Month => MonthOf(d),
        _ => Day(d),
    };

    /// <summary>The URL value: 2025-06-16, 2025-W25 or 2025-06.</summary>
    public string Value => Kind switch
    {
        PeriodKind.Week => $"{ISOWeek.GetYear(From.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(From.ToDateTime(TimeOnly.MinValue)):00}",
        PeriodKind.Month => From.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    public string Path => Kind switch
    {
        PeriodKind.Week => $"/papers/week/{Value}",
        PeriodKind.Month => $"/papers/month/{Value}",
        _ => $"/papers/date/{Value}",
    };

    /// <summary>A heading: "Monday, June 16, 2025", "Week 25 of 2025", "June 2025".</summary>
    public string Label => Kind switch
    {
        PeriodKind.Week => $"Week {ISOWeek.GetWeekOfYear(From.ToDateTime(TimeOnly.MinValue))} of {ISOWeek.GetYear(From.ToDateTime(TimeOnly.MinValue))}",
        PeriodKind.Month => From.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
        _ => From.ToString("dddd, MMMM d, yyyy", CultureInfo.InvariantCulture),
    };

    /// <summary>The days covered, for weeks: "Jun 16 – Jun 22, 2025".</summary>
    public string? Span => Kind == PeriodKind.Week
        ? $"{From.ToString("MMM d", CultureInfo.InvariantCulture)} – {To.ToString("MMM d, yyyy", CultureInfo.InvariantCulture)}"
        : null;

    public static bool TryParseDate(string? s, out FeedPeriod period, [NotNullWhen(false)] out string? error)
    {
        period = default;
        if (s is { Length: 10 } && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return InRange(Day(d), "date", s, out period, out error);
        error = $"invalid date \"{Shorten(s)}\": expected YYYY-MM-DD, e.g. 2025-06-16";
        return false;
    }

    public static bool TryParseWeek(string? s, out FeedPeriod period, [NotNullWhen(false)] out string? error)
    {
        period = default;
        error = $"invalid week \"{Shorten(s)}\": expected an ISO week YYYY-Www, e.g. 2025-W25";
        if (s is not { Length: 8 } || s[4] != '-' || (s[5] != 'W' && s[5] != 'w')
            || !int.TryParse(s.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(s.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var week))
            return false;
        if (year < 1 || week < 1 || week > ISOWeek.GetWeeksInYear(year))
        {
            error = $"invalid week \"{s}\": {year} has weeks W01 to W{(year < 1 ? 52 : ISOWeek.GetWeeksInYear(year)):00}";
            return false;
        }
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        // The Sunday of 9999-W52 is past DateOnly.MaxValue, so the range is checked on the Monday first.
        if (monday < Earliest || monday > Latest) return InRange(new(PeriodKind.Week, monday, monday), "week", s, out period, out error);
        return InRange(new(PeriodKind.Week, monday, monday.AddDays(6)), "week", s, out period, out error);
    }

    public static bool TryParseMonth(string? s, out FeedPeriod period, [NotNullWhen(false)] out string? error)
    {
        period = default;
        if (s is { Length: 7 } && DateOnly.TryParseExact(s + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return InRange(d > Latest ? Day(d) : MonthOf(d), "month", s, out period, out error); // 9999-12 has no month after it to end before
        error = $"invalid month \"{Shorten(s)}\": expected YYYY-MM, e.g. 2025-06";
        return false;
    }

    public static bool TryParse(PeriodKind kind, string? s, out FeedPeriod period, [NotNullWhen(false)] out string? error) => kind switch
    {
        PeriodKind.Week => TryParseWeek(s, out period, out error),
        PeriodKind.Month => TryParseMonth(s, out period, out error),
        _ => TryParseDate(s, out period, out error),
    };

    /// <summary>One check for every kind of period, so no page or endpoint can forget it.</summary>
    private static bool InRange(FeedPeriod p, string what, string input, out FeedPeriod period, [NotNullWhen(false)] out string? error)
    {
        if (p.From < Earliest || p.To > Latest)
        {
            period = default;
            error = $"{what} \"{input}\" is outside the dates this site can show ({Earliest:yyyy-MM-dd} to {Latest:yyyy-MM-dd})";
            return false;
        }
        period = p;
        error = null;
        return true;
    }

    private static string Shorten(string? s) => s is null ? "" : s.Length <= 40 ? s : s[..37] + "...";
}

/// <summary>The sort orders the feed pages and the API accept, by their HF names.</summary>
public static class FeedSorts
{
    public static bool TryParse(string? s, FeedSort fallback, out FeedSort sort, [NotNullWhen(false)] out string? error)
    {
        error = null;
        switch (s)
        {
            case null or "": sort = fallback; return true;
            case "trending": sort = FeedSort.Trending; return true;
            case "publishedAt": sort = FeedSort.PublishedAt; return true;
            case "upvotes": sort = FeedSort.Upvotes; return true;
            default:
                sort = fallback;
                error = $"invalid sort \"{(s.Length > 40 ? s[..37] + "..." : s)}\": use trending, publishedAt or upvotes";
                return false;
        }
    }

    public static string Name(FeedSort s) => s switch
    {
        FeedSort.PublishedAt => "publishedAt",
        FeedSort.Upvotes => "upvotes",
        _ => "trending",
    };
}
