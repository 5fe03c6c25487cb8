using System.ComponentModel.DataAnnotations;

namespace DailyPapers.Web.Votes;

/// <summary>Vote rate limit ("DailyPapers:Votes" section, bound and validated at start-up by SettingsSetup).</summary>
public sealed class VoteSettings
{
    private const string AtLeastOne = "must be a whole number of at least 1";

    /// <summary>
    /// Vote changes (button presses and API calls together) allowed per account per <see cref="WindowSeconds"/>.
    /// Generous for a person clicking through a feed; it stops scripts from churning scores and the change log.
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = AtLeastOne)]
    public int PerWindow { get; set; } = 60;
    [Range(1, int.MaxValue, ErrorMessage = AtLeastOne)]
    public int WindowSeconds { get; set; } = 60;
}
