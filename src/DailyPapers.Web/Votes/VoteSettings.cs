namespace DailyPapers.Web.Votes;

/// <summary>Vote rate limit ("DailyPapers:Votes" section, read from configuration at startup).</summary>
public sealed class VoteSettings
{
    /// <summary>
    /// Vote changes (button presses and API calls together) allowed per account per <see cref="WindowSeconds"/>.
    /// Generous for a person clicking through a feed; it stops scripts from churning scores and the change log.
    /// </summary>
    public int PerWindow { get; set; } = 60;
    public int WindowSeconds { get; set; } = 60;

    public static VoteSettings From(IConfiguration config)
    {
        var s = new VoteSettings();
        config.GetSection("DailyPapers:Votes").Bind(s);
        if (s.PerWindow < 1 || s.WindowSeconds < 1)
            throw new InvalidOperationException($"DailyPapers:Votes: PerWindow ({s.PerWindow}) and WindowSeconds ({s.WindowSeconds}) must be at least 1");
        return s;
    }
}
