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
    /// <summary>Submission attempts (page and API together) per account per <see cref="RateWindowSeconds"/>.</summary>
    public int RatePerWindow { get; init; } = 10;
    public int RateWindowSeconds { get; init; } = 600;
    /// <summary>How long one request to the arXiv API may take before the submission reports arXiv unreachable.</summary>
    public int ArxivTimeoutSeconds { get; init; } = 20;
    /// <summary>Tries of the arXiv request, the first included; a person is waiting, so few.</summary>
    public int ArxivAttempts { get; init; } = 2;
    /// <summary>Largest arXiv answer read, in KiB: one paper's Atom entry is ~5 KB, so 2 MiB is plenty.</summary>
    public int ArxivMaxResponseKilobytes { get; init; } = 2048;
    /// <summary>arXiv requests of submissions under way at once, site-wide (their starts still come HarvestDelaySeconds apart).</summary>
    public int ArxivMaxConcurrent { get; init; } = 4;
    /// <summary>Longest a submission waits for its turn to ask arXiv before it is told to try again, in seconds.</summary>
    public int ArxivMaxWaitSeconds { get; init; } = 15;

    /// <summary>The first setting that cannot work, or null.</summary>
    public string? Problem() =>
        MaxPaperAgeDays < 0 ? $"MaxPaperAgeDays ({MaxPaperAgeDays}) must be 0 (no limit) or more"
        : DailyQuotaPerUser < 0 ? $"DailyQuotaPerUser ({DailyQuotaPerUser}) must be 0 (no limit) or more"
        : RatePerWindow < 1 || RateWindowSeconds < 1 ? $"RatePerWindow ({RatePerWindow}) and RateWindowSeconds ({RateWindowSeconds}) must be at least 1"
        : ArxivTimeoutSeconds < 1 || ArxivAttempts < 1 ? $"ArxivTimeoutSeconds ({ArxivTimeoutSeconds}) and ArxivAttempts ({ArxivAttempts}) must be at least 1"
        : ArxivMaxResponseKilobytes < 1 || ArxivMaxConcurrent < 1 || ArxivMaxWaitSeconds < 1
            ? $"ArxivMaxResponseKilobytes ({ArxivMaxResponseKilobytes}), ArxivMaxConcurrent ({ArxivMaxConcurrent}) and ArxivMaxWaitSeconds ({ArxivMaxWaitSeconds}) must be at least 1"
        : null;
}

/// <summary>Which rule refused a submission: the API answers 409 for <see cref="Duplicate"/>, 403 for the rest.</summary>
public enum SubmissionRefusalKind { NotAllowed, Duplicate, Closed, TooOld, Quota }

public sealed record SubmissionRefusal(SubmissionRefusalKind Kind, string Message);

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
    public static string? Check(SubmissionSettings s, SubmissionContext c) => Evaluate(s, c)?.Message;

    /// <summary>Null when the submission is allowed, else which rule refused it and why.</summary>
    public static SubmissionRefusal? Evaluate(SubmissionSettings s, SubmissionContext c)
    {
        var privileged = c.Role is Role.Moderator or Role.Admin;
        if (!c.EmailConfirmed && !privileged)
            return new(SubmissionRefusalKind.NotAllowed, "Confirm your email address before submitting papers.");
        switch (s.WhoMaySubmit)
        {
            case SubmitterPolicy.Moderators when !privileged:
                return new(SubmissionRefusalKind.NotAllowed, "On this site only moderators can submit papers.");
            case SubmitterPolicy.ClaimedAuthors when !privileged && !c.HasClaimedPaper:
                return new(SubmissionRefusalKind.NotAllowed, "On this site only verified authors can submit papers: claim one of your papers first.");
        }
        if (c.AlreadyFeatured)
            return new(SubmissionRefusalKind.Duplicate, "This paper is already on the daily feed.");
        if (s.NoWeekendSubmissions && !privileged && c.Now.UtcDateTime.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            return new(SubmissionRefusalKind.Closed, "Submissions are closed at weekends (UTC); please come back on Monday.");
        if (s.MaxPaperAgeDays > 0 && c.PaperPublishedAt is { } published && c.Now - published > TimeSpan.FromDays(s.MaxPaperAgeDays))
            return new(SubmissionRefusalKind.TooOld, $"Only papers published on arXiv in the last {s.MaxPaperAgeDays} days can be submitted (this one is from {published:yyyy-MM-dd}).");
        if (!privileged && s.DailyQuotaPerUser > 0 && c.SubmissionsToday >= s.DailyQuotaPerUser)
            return new(SubmissionRefusalKind.Quota, $"You have reached today's limit of {s.DailyQuotaPerUser} submissions; try again tomorrow (UTC).");
        return null;
    }
}
