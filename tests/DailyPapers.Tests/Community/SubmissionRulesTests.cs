using DailyPapers.Community;

namespace DailyPapers.Tests.Community;

public sealed class SubmissionRulesTests
{
    private static readonly DateTimeOffset Wednesday = new(2025, 6, 18, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Saturday = new(2025, 6, 21, 10, 0, 0, TimeSpan.Zero);

    private static SubmissionContext Ok(DateTimeOffset now) =>
        new(Role.User, EmailConfirmed: true, HasClaimedPaper: false, SubmissionsToday: 0, PaperPublishedAt: now.AddDays(-2), AlreadyFeatured: false, Now: now);

    public static IEnumerable<object?[]> Cases()
    {
        var s = new SubmissionSettings();
        yield return [s, Ok(Wednesday), null];
        yield return [s, Ok(Wednesday) with { EmailConfirmed = false }, "Confirm your email"];
        yield return [s, Ok(Wednesday) with { AlreadyFeatured = true }, "already on the daily feed"];
        yield return [s, Ok(Saturday), "closed at weekends"];
        yield return [s with { NoWeekendSubmissions = false }, Ok(Saturday), null];
        yield return [s, Ok(Saturday) with { Role = Role.Moderator }, null];
        yield return [s, Ok(Wednesday) with { PaperPublishedAt = Wednesday.AddDays(-15) }, "last 14 days"];
        yield return [s, Ok(Wednesday) with { PaperPublishedAt = Wednesday.AddDays(-13) }, null];
        yield return [s with { MaxPaperAgeDays = 0 }, Ok(Wednesday) with { PaperPublishedAt = Wednesday.AddYears(-5) }, null];
        yield return [s, Ok(Wednesday) with { SubmissionsToday = 3 }, "limit of 3"];
        yield return [s, Ok(Wednesday) with { SubmissionsToday = 2 }, null];
        yield return [s, Ok(Wednesday) with { SubmissionsToday = 30, Role = Role.Admin }, null];
        yield return [s with { WhoMaySubmit = SubmitterPolicy.ClaimedAuthors }, Ok(Wednesday), "verified authors"];
        yield return [s with { WhoMaySubmit = SubmitterPolicy.ClaimedAuthors }, Ok(Wednesday) with { HasClaimedPaper = true }, null];
        yield return [s with { WhoMaySubmit = SubmitterPolicy.Moderators }, Ok(Wednesday) with { HasClaimedPaper = true }, "only moderators"];
        yield return [s with { WhoMaySubmit = SubmitterPolicy.Moderators }, Ok(Wednesday) with { Role = Role.Moderator }, null];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rules(SubmissionSettings settings, SubmissionContext context, string? expectedFragment)
    {
        var reason = SubmissionRules.Check(settings, context);
        if (expectedFragment is null) Assert.Null(reason);
        else Assert.Contains(expectedFragment, reason);
    }
}
