namespace DailyPapers.Accounts;

/// <summary>
/// The progressive delay after failed password checks from one client address against one account: a few
/// failures are free (people mistype), then each further failure doubles the wait before the next try, up to a
/// cap. Nobody is ever locked out — the owner, from another address, is not slowed down at all — but one address
/// guessing one account gets about a hundred tries a day at the cap instead of thousands a minute.
/// </summary>
public sealed record SigninBackoff(int FreeFailures, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    /// <summary>Failures are forgotten after this long without a new one, so an old slip never counts against a person.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromHours(24);

    /// <summary>How long the client must wait after its <paramref name="failures"/>-th failure in a row; zero while still free.</summary>
    public TimeSpan DelayAfter(int failures)
    {
        var beyond = failures - FreeFailures;
        if (beyond <= 0) return TimeSpan.Zero;
        // 2^(beyond-1) × first, computed in doubles so a long run of failures cannot overflow before the cap.
        var seconds = FirstDelay.TotalSeconds * Math.Pow(2, Math.Min(beyond - 1, 40));
        return seconds >= MaxDelay.TotalSeconds ? MaxDelay : TimeSpan.FromSeconds(seconds);
    }
}
