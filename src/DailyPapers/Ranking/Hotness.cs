namespace DailyPapers.Ranking;

/// <summary>
/// Trending score, stored in <c>papers.hotness</c> and recomputed whenever votes or comments change.
/// <code>hotness = log10(1 + upvotes + CommentWeight × comments) + (featuredAt − Epoch) / HotnessWindow</code>
/// It does not depend on "now", so it can be stored and indexed: a paper featured one
/// <see cref="HotnessWindow"/> later ranks level with one that has ten times the engagement.
/// </summary>
public static class Hotness
{
    /// <summary>Ten times the votes buys one window of age: lets a strong paper linger for a few days.</summary>
    public static readonly TimeSpan HotnessWindow = TimeSpan.FromHours(36);
    public const double CommentWeight = 0.5; // a comment is half an upvote: discussion signals interest, but is cheaper to game
    public static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static double Compute(int upvotes, int comments, DateTimeOffset featuredAt)
    {
        var engagement = Math.Max(0, upvotes) + CommentWeight * Math.Max(0, comments);
        var order = Math.Log10(1 + engagement);
        var age = (featuredAt - Epoch).TotalSeconds / HotnessWindow.TotalSeconds;
        return Math.Round(order + age, 7);
    }
}
