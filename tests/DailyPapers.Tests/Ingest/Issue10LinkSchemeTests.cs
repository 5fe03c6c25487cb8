using DailyPapers.Ingest;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Ingest;

/// <summary>Issue 10, point 10: imported githubRepo/projectPage values that are not http(s) links are dropped.</summary>
public class Issue10LinkSchemeTests
{
    [Theory]
    [InlineData("https://github.com/owner/repo", true)]
    [InlineData("http://example.org/project", true)]
    [InlineData("HTTPS://EXAMPLE.ORG/", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("JavaScript:alert(document.cookie)", false)]
    [InlineData("data:text/html,<script>alert(1)</script>", false)]
    [InlineData("vbscript:msgbox(1)", false)]
    [InlineData("//evil.example/x", false)]
    [InlineData("/papers/2405.15738", false)]
    [InlineData("https://", false)]
    [InlineData("https://exa mple.org", false)]
    [InlineData("java\tscript:alert(1)", false)]
    [InlineData("https://example.org/\njavascript:alert(1)", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_absolute_http_links_with_a_host_are_links(string? url, bool ok) => Assert.Equal(ok, WebLink.IsHttp(url));

    [Fact]
    public void An_import_keeps_the_paper_and_drops_links_that_are_not_http()
    {
        const string Json = """
            {"paper":{"id":"2405.15738","title":"T","summary":"S","authors":[{"name":"A"}],"githubRepo":"javascript:alert(1)","projectPage":"data:text/html,<b>x</b>"},
             "publishedAt":"2024-05-27T03:50:58.348Z"}
            """;
        var item = HfDailyPapersParser.ParseLine(1, Json.ReplaceLineEndings(""), new DateOnly(2024, 5, 27));
        Assert.True(item.Error is null, item.Error);
        Assert.Equal("2405.15738", item.Record!.Paper.ArxivId);
        Assert.Null(item.Record.Paper.GithubRepo);
        Assert.Null(item.Record.Paper.ProjectPage);

        var good = HfDailyPapersParser.ParseLine(1, Json.ReplaceLineEndings("")
            .Replace("javascript:alert(1)", "https://github.com/o/r", StringComparison.Ordinal)
            .Replace("data:text/html,<b>x</b>", "https://o.github.io/r/", StringComparison.Ordinal), new DateOnly(2024, 5, 27));
        Assert.Equal(("https://github.com/o/r", "https://o.github.io/r/"), (good.Record!.Paper.GithubRepo, good.Record.Paper.ProjectPage));
    }
}
