namespace DailyPapers.Community;

/// <summary>Who may submit papers to the daily feed (operator setting).</summary>
public enum SubmitterPolicy
{
    /// <summary>Any user with a confirmed email address.</summary>
    AnyConfirmed,
    /// <summary>Users who are a verified author of at least one paper (as on HF).</summary>
    ClaimedAuthors,
    /// <summary>Moderators and admins only.</summary>
    Moderators,
}

public enum Role { User, Moderator, Admin }

/// <summary>Operator-configurable submission rules ("DailyPapers:Submissions" section).</summary>
public sealed record SubmissionSettings
{
    /// <summary>Papers published on arXiv longer ago than this are refused (HF: recent papers only).</summary>
    public int MaxPaperAgeDays { get; init; } = 14;
    /// <summary>Refuse submissions on Saturdays and Sundays (UTC), when there is no daily feed.</summary>
    public bool NoWeekendSubmissions { get; init; } = true;
    /// <summary>Submissions per user per UTC day; moderators and admins are not limited.</summary>
    public int DailyQuotaPerUser { get; init; } = 3;
    public SubmitterPolicy WhoMaySubmit { get; init; } = SubmitterPolicy.AnyConfirmed;
}

/// <summary>The facts a submission decision needs, gathered by the caller.</summary>
public sealed record SubmissionContext(
    Role Role,
    bool EmailConfirmed,
    bool HasClaimedPaper,
    int SubmissionsToday,
    DateTimeOffset? PaperPublishedAt,
    bool AlreadyFeatured,
    DateTimeOffset Now);

/// <summary>Checks a submission against the rules; pure, so each rule has a test.</summary>
public static class SubmissionRules
{
    /// <summary>Null when the submission is allowed, else the reason shown to the user.</summary>
    public static string? Check(SubmissionSettings s, SubmissionContext c)
    {
        var privileged = c.Role is Role.Moderator or Role.Admin;
        if (!c.EmailConfirmed && !privileged)
            return "Confirm your email address before submitting papers.";
        switch (s.WhoMaySubmit)
        {
            case SubmitterPolicy.Moderators when !privileged:
                return "On this site only moderators can submit papers.";
            case SubmitterPolicy.ClaimedAuthors when !privileged && !c.HasClaimedPaper:
                return "On this site only verified authors can submit papers: claim one of your papers first.";
        }
        if (c.AlreadyFeatured)
            return "This paper is already on the daily feed.";
        if (s.NoWeekendSubmissions && !privileged && c.Now.UtcDateTime.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            return "Submissions are closed at weekends (UTC); please come back on Monday.";
        if (s.MaxPaperAgeDays > 0 && c.PaperPublishedAt is { } published && c.Now - published > TimeSpan.FromDays(s.MaxPaperAgeDays))
            return $"Only papers published on arXiv in the last {s.MaxPaperAgeDays} days can be submitted (this one is from {published:yyyy-MM-dd}).";
        if (!privileged && s.DailyQuotaPerUser > 0 && c.SubmissionsToday >= s.DailyQuotaPerUser)
            return $"You have reached today's limit of {s.DailyQuotaPerUser} submissions; try again tomorrow (UTC).";
        return null;
    }
}
