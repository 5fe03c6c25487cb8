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

    public static IEnumerable<object[]> Kinds()
    {
        yield return [Ok(Wednesday) with { EmailConfirmed = false }, SubmissionRefusalKind.NotAllowed];
        yield return [Ok(Wednesday) with { AlreadyFeatured = true }, SubmissionRefusalKind.Duplicate];
        yield return [Ok(Saturday), SubmissionRefusalKind.Closed];
        yield return [Ok(Wednesday) with { PaperPublishedAt = Wednesday.AddDays(-30) }, SubmissionRefusalKind.TooOld];
        yield return [Ok(Wednesday) with { SubmissionsToday = 3 }, SubmissionRefusalKind.Quota];
        // Permission comes first: someone who may not submit learns that, not whether the paper is featured.
        yield return [Ok(Wednesday) with { EmailConfirmed = false, AlreadyFeatured = true }, SubmissionRefusalKind.NotAllowed];
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_refusal_names_its_rule(SubmissionContext context, SubmissionRefusalKind kind) =>
        Assert.Equal(kind, SubmissionRules.Evaluate(new SubmissionSettings(), context)!.Kind);

    [Theory]
    [InlineData(-1, 3, 10, "MaxPaperAgeDays")]
    [InlineData(14, -1, 10, "DailyQuotaPerUser")]
    [InlineData(14, 3, 0, "RatePerWindow")]
    [InlineData(0, 0, 1, null)]
    public void Settings_that_cannot_work_are_named(int age, int quota, int rate, string? fragment)
    {
        var problem = new SubmissionSettings { MaxPaperAgeDays = age, DailyQuotaPerUser = quota, RatePerWindow = rate }.Problem();
        if (fragment is null) Assert.Null(problem);
        else Assert.Contains(fragment, problem);
    }
}
