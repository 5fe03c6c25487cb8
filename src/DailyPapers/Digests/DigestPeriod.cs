using System.Globalization;

namespace DailyPapers.Digests;

public enum Cadence { Daily, Weekly }

/// <summary>
/// One digest period. Daily periods exist for weekdays only (like HF's mail): the Monday issue covers the feed of
/// Saturday, Sunday and Monday, every other weekday its own day. Weekly periods are ISO weeks (Monday–Sunday).
/// A period closes, and may be built, <c>buildHourUtc</c> hours after its last feed day ends (UTC), so the day's
/// feed is complete when it is read.
/// </summary>
public readonly record struct DigestPeriod(Cadence Cadence, DateOnly From, DateOnly To)
{
    /// <summary>"daily:2025-06-16" or "weekly:2025-W25": the key of the period in the outbox.</summary>
    public string Key => Cadence == Cadence.Daily
        ? $"daily:{To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
        : $"weekly:{ISOWeek.GetYear(From.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(From.ToDateTime(TimeOnly.MinValue)):D2}";

    public string Label => Cadence == Cadence.Daily
        ? To.ToString("dddd, MMM d, yyyy", CultureInfo.InvariantCulture)
        : $"week {ISOWeek.GetWeekOfYear(From.ToDateTime(TimeOnly.MinValue))} ({From.ToString("MMM d", CultureInfo.InvariantCulture)} – {To.ToString("MMM d, yyyy", CultureInfo.InvariantCulture)})";

    public DateTimeOffset ClosesAt(int buildHourUtc) =>
        new DateTimeOffset(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(buildHourUtc);

    public override string ToString() => Key;

    /// <summary>The daily period whose issue is dated <paramref name="day"/> (a weekday).</summary>
    public static DigestPeriod Daily(DateOnly day)
    {
        if (!IsWeekday(day)) throw new ArgumentException($"daily digests are dated on weekdays; {day:yyyy-MM-dd} is a {day.DayOfWeek}");
        var previous = PreviousWeekday(day);
        return new DigestPeriod(Cadence.Daily, previous.AddDays(1), day);
    }

    /// <summary>The ISO week that contains <paramref name="day"/>.</summary>
    public static DigestPeriod Weekly(DateOnly day)
    {
        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        return new DigestPeriod(Cadence.Weekly, monday, monday.AddDays(6));
    }

    public DigestPeriod Previous() => Cadence == Cadence.Daily ? Daily(PreviousWeekday(To)) : Weekly(From.AddDays(-7));

    public DigestPeriod Next() => Cadence == Cadence.Daily ? Daily(NextWeekday(To)) : Weekly(From.AddDays(7));

    /// <summary>The newest period of a cadence that has closed at <paramref name="now"/>.</summary>
    public static DigestPeriod LatestClosed(Cadence cadence, DateTimeOffset now, int buildHourUtc)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var p = cadence == Cadence.Daily ? Daily(IsWeekday(today) ? today : PreviousWeekday(today)) : Weekly(today);
        while (p.ClosesAt(buildHourUtc) > now) p = p.Previous();
        return p;
    }

    /// <summary>
    /// The periods to build now, oldest first: those closed after the high-water mark <paramref name="builtUpTo"/>,
    /// but never more than <paramref name="maxMissed"/> before the newest closed one, so a job that was down for a
    /// month (or a high-water mark that was lost) never mails the whole history. Without a mark only the newest.
    /// </summary>
    public static IReadOnlyList<DigestPeriod> Due(Cadence cadence, DateTimeOffset now, int buildHourUtc, DigestPeriod? builtUpTo, int maxMissed)
    {
        var latest = LatestClosed(cadence, now, buildHourUtc);
        if (builtUpTo is { } mark && mark.To >= latest.To) return [];
        var list = new List<DigestPeriod> { latest };
        if (builtUpTo is { } m)
        {
            var p = latest.Previous();
            for (var i = 0; i < maxMissed && p.To > m.To; i++, p = p.Previous()) list.Add(p);
        }
        list.Reverse();
        return list;
    }

    /// <summary>Parses "daily:YYYY-MM-DD" or "weekly:YYYY-Www".</summary>
    public static bool TryParse(string? s, out DigestPeriod period, out string error)
    {
        period = default;
        error = $"period \"{s}\" must be daily:YYYY-MM-DD (a weekday) or weekly:YYYY-Www";
        if (string.IsNullOrWhiteSpace(s)) return false;
        if (s.StartsWith("daily:", StringComparison.Ordinal)
            && DateOnly.TryParseExact(s["daily:".Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            if (!IsWeekday(d)) { error = $"period \"{s}\": daily digests are dated on weekdays, {d:yyyy-MM-dd} is a {d.DayOfWeek}"; return false; }
            period = Daily(d);
            return true;
        }
        if (s.StartsWith("weekly:", StringComparison.Ordinal) && s.Length == "weekly:".Length + 8 && s[^4..^2] == "-W"
            && int.TryParse(s.AsSpan("weekly:".Length, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(s.AsSpan(s.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            && year is >= 1900 and <= 9999 && week >= 1 && week <= ISOWeek.GetWeeksInYear(year))
        {
            period = Weekly(DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday)));
            return true;
        }
        return false;
    }

    public static DigestPeriod Parse(string s) => TryParse(s, out var p, out var error) ? p : throw new FormatException(error);

    private static bool IsWeekday(DateOnly d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    private static DateOnly PreviousWeekday(DateOnly d)
    {
        do d = d.AddDays(-1); while (!IsWeekday(d));
        return d;
    }

    private static DateOnly NextWeekday(DateOnly d)
    {
        do d = d.AddDays(1); while (!IsWeekday(d));
        return d;
    }
}
