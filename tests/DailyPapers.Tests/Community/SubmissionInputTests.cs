using DailyPapers.Community;

namespace DailyPapers.Tests.Community;

public sealed class SubmissionInputTests
{
    public static IEnumerable<object?[]> Cases() =>
    [
        // paper, organisation, comment, media, expected id or null, problem fragment or null
        ["2401.12345", null, null, null, "2401.12345", null],
        ["  https://arxiv.org/abs/2401.12345v3 ", " google ", "  hi  ", null, "2401.12345", null],
        ["arXiv:hep-th/9901001", "", "", new[] { "", "  " }, "hep-th/9901001", null],
        ["", null, null, null, null, "Paste an arXiv id"],
        ["not an id", null, null, null, null, "not an arXiv id"],
        ["2401.12345", new string('o', 101), null, null, null, "at most 100"],
        ["2401.12345", null, new string('c', 1000), null, "2401.12345", null],
        ["2401.12345", null, new string('c', 1001), null, null, "at most 1000"],
        ["2401.12345", null, "bell\u0007", null, null, "control characters"],
        ["2401.12345", null, null, new[] { "https://example.org/a.mp4", "http://example.org/b" }, "2401.12345", null],
        ["2401.12345", null, null, new[] { "javascript:alert(1)" }, null, "not a web address"],
        ["2401.12345", null, null, new[] { "ftp://example.org/x" }, null, "not a web address"],
        ["2401.12345", null, null, new[] { "example.org/x" }, null, "not a web address"],
        ["2401.12345", null, null, new[] { "https://a.org/1", "https://a.org/2", "https://a.org/3", "https://a.org/4", "https://a.org/5" }, null, "at most 4"],
        // Repeats count once.
        ["2401.12345", null, null, new[] { "https://a.org/1", "https://a.org/1", "https://a.org/2", "https://a.org/3", "https://a.org/4" }, "2401.12345", null],
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate(string paper, string? org, string? comment, string[]? media, string? expectedId, string? problemFragment)
    {
        var (request, problem) = SubmissionInput.Validate(new SubmissionForm(paper, org, comment, media));
        if (problemFragment is not null)
        {
            Assert.Null(request);
            Assert.Contains(problemFragment, problem);
            return;
        }
        Assert.Null(problem);
        Assert.Equal(expectedId, request!.Id.Id);
        Assert.Equal(string.IsNullOrWhiteSpace(org) ? null : org.Trim(), request.Organization);
        Assert.Equal(string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), request.Comment);
        Assert.True(request.MediaUrls.Count <= SubmissionInput.MaxMediaUrls);
        Assert.Equal(request.MediaUrls.Distinct().Count(), request.MediaUrls.Count);
    }

    [Fact]
    public void Media_lines_split_on_newlines_and_drop_blank_lines() =>
        Assert.Equal(["https://a.org/1", "https://a.org/2"], SubmissionInput.Lines(" https://a.org/1\r\n\r\nhttps://a.org/2\n"));
}
