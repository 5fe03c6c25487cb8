using DailyPapers.Community;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Community;

public sealed class PaperLinksTests
{
    [Theory]
    [InlineData("https://github.com/owner/repo", "https://github.com/owner/repo")]
    [InlineData("  http://www.github.com/Owner-1/my.repo_2/  ", "https://github.com/Owner-1/my.repo_2")]
    [InlineData("github.com/owner/repo.git", "https://github.com/owner/repo")]
    [InlineData("https://github.com/owner/repo/tree/main/src", "https://github.com/owner/repo")]
    [InlineData("https://GitHub.com/owner/repo?tab=readme", "https://github.com/owner/repo")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void GitHub_links_are_reduced_to_the_repository(string? input, string? expected)
    {
        var (value, error) = PaperLinks.GithubRepo(input);
        Assert.Null(error);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("https://gitlab.com/owner/repo")]
    [InlineData("https://github.com/owner")]
    [InlineData("https://github.com/-owner/repo")]
    [InlineData("https://github.com/owner/..")]
    [InlineData("https://github.com.evil.example/owner/repo")]
    [InlineData("javascript:alert(1)")]
    public void Other_links_are_not_github_repositories(string input)
    {
        var (value, error) = PaperLinks.GithubRepo(input);
        Assert.Null(value);
        Assert.Contains("https://github.com/owner/repo", error);
    }

    [Theory]
    [InlineData("https://example.org/project", "https://example.org/project", null)]
    [InlineData(" http://lab.example.edu/~me/p?a=1 ", "http://lab.example.edu/~me/p?a=1", null)]
    [InlineData("", null, null)]
    [InlineData("ftp://example.org/x", null, "is not an http:// or https:// link")]
    [InlineData("javascript:alert(1)", null, "is not an http:// or https:// link")]
    [InlineData("/relative/path", null, "is not an http:// or https:// link")]
    [InlineData("https://user:pw@example.org/", null, "must not carry a user name")]
    public void Project_pages_must_be_absolute_web_links(string input, string? expected, string? error)
    {
        var (value, why) = PaperLinks.ProjectPage(input);
        Assert.Equal(expected, value);
        if (error is null) Assert.Null(why); else Assert.Contains(error, why);
    }

    [Theory]
    [InlineData("google", "google", false)]
    [InlineData(" Tencent-Hunyuan ", "Tencent-Hunyuan", false)]
    [InlineData("", null, false)]
    [InlineData("a b", null, true)]
    [InlineData("../etc", null, true)]
    public void Organisation_names(string input, string? expected, bool fails)
    {
        var (value, error) = PaperLinks.OrganizationName(input);
        Assert.Equal(expected, value);
        Assert.Equal(fails, error is not null);
    }

    private static LocalAuthorship Local(int position, string name, string handle, string kind = ClaimKind.Claim, bool hidden = false) =>
        new(position, name, new UserRef(handle), kind, DateTimeOffset.Parse("2026-01-02T03:04:05Z"), hidden);

    [Fact]
    public void Overlay_puts_local_authorships_back_at_their_entry_or_the_entry_of_the_same_name()
    {
        PaperAuthor[] authors =
        [
            new("New First Author"),
            new("Ada  Lovelace") { Status = AuthorStatus.ClaimedVerified, User = new UserRef("hf-ada") },
            new("Alan Turing") { Status = AuthorStatus.ExtractedPending },
        ];
        // Ada claimed position 0 before a new first author was added; Alan was assigned at his own position.
        var result = AuthorshipRules.Overlay(authors, [Local(0, "ada lovelace", "ada"), Local(2, "Alan Turing", "alan", ClaimKind.Assigned, hidden: true)]);

        Assert.Null(result[0].User);
        Assert.Equal(("ada", AuthorStatus.ClaimedVerified, false), (result[1].User!.Handle, result[1].Status, result[1].Hidden));
        Assert.Equal(("alan", AuthorStatus.AdminAssigned, true), (result[2].User!.Handle, result[2].Status, result[2].Hidden));
        Assert.Equal("Ada  Lovelace", result[1].Name); // the list's own spelling stays
    }

    [Fact]
    public void Overlay_skips_an_authorship_whose_name_left_the_list()
    {
        PaperAuthor[] authors = [new("Someone Else")];
        var result = AuthorshipRules.Overlay(authors, [Local(0, "Ada Lovelace", "ada")]);
        Assert.Null(result[0].User);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(AuthorStatus.ExtractedPending, true)]
    [InlineData(AuthorStatus.ExtractedConfirmed, true)]
    [InlineData(AuthorStatus.ExtractedInfirmed, true)]
    [InlineData(AuthorStatus.ClaimedVerified, false)]
    [InlineData(AuthorStatus.AdminAssigned, false)]
    public void Only_unverified_entries_are_claimable(string? status, bool claimable) =>
        Assert.Equal(claimable, AuthorshipRules.WhyNotClaimable(new PaperAuthor("X") { Status = status }) is null);
}
