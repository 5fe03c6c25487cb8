using DailyPapers.Community;

namespace DailyPapers.Tests.Community;

public sealed class CommentRendererTests
{
    private readonly CommentRenderer _r = new(h => h is "ada" or "alan.t");

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JaVaScRiPt:alert(1))")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<svg onload=alert(1)>")]
    public void Dangerous_input_is_inert(string source)
    {
        var html = _r.Render(source).Html;
        // Judge the output as a browser would: parse it and inspect the elements and attributes it makes.
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<body>{html}</body>");
        var elements = doc.Body!.QuerySelectorAll("*");
        Assert.DoesNotContain(elements, e => e.LocalName is "script" or "img" or "iframe" or "svg" or "object" or "embed");
        Assert.DoesNotContain(elements, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.All(elements.Where(e => e.HasAttribute("href")), e =>
            Assert.Matches("^(https?:|mailto:|/)", e.GetAttribute("href")!));
    }

    [Fact]
    public void Raw_html_shows_as_text()
    {
        var html = _r.Render("<b>bold?</b>").Html;
        Assert.Contains("&lt;b&gt;bold?&lt;/b&gt;", html);
    }

    [Fact]
    public void Math_is_kept_for_katex()
    {
        var html = _r.Render("Energy $E = mc^2$ and $$\\sum_i x_i$$").Html;
        Assert.Contains("<span class=\"math\">\\(E = mc^2\\)</span>", html);
        Assert.Contains("\\sum_i x_i", html);
    }

    [Fact]
    public void Links_are_nofollow_and_markdown_works()
    {
        var html = _r.Render("**Nice** work, see [code](https://github.com/x/y) and `a<b`").Html;
        Assert.Contains("<strong>Nice</strong>", html);
        Assert.Contains("href=\"https://github.com/x/y\"", html);
        Assert.Contains("rel=\"nofollow ugc noopener\"", html);
        Assert.Contains("<code>a&lt;b</code>", html);
    }

    [Fact]
    public void Mentions_of_existing_users_link_and_are_reported_once()
    {
        var r = _r.Render("@ada and @alan.t, also @nobody and again @ada; mail a@b.org; `@ada in code`");
        Assert.Equal(["ada", "alan.t"], r.Mentions);
        Assert.Contains("href=\"/users/ada\"", r.Html);
        Assert.Contains("href=\"/users/alan.t\"", r.Html);
        Assert.DoesNotContain("/users/nobody", r.Html);
        Assert.DoesNotContain("/users/b.org", r.Html);
        Assert.Contains("<code>@ada in code</code>", r.Html); // a code span keeps its text as written (issue 11.6)
    }

    [Fact]
    public void Issue11_mentions_in_code_blocks_and_link_texts_stay_literal()
    {
        var r = _r.Render("```\n@ada in a block\n```\n\nsee [@ada's notes](https://example.org/notes) and @ada");
        Assert.Contains("@ada in a block", r.Html);
        Assert.DoesNotContain("[@ada]", r.Html);
        Assert.Contains("<a href=\"https://example.org/notes\"", r.Html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(r.Html, "href=\"/users/ada\""));
        Assert.Equal(["ada"], r.Mentions);
    }

    [Fact]
    public void Too_long_is_refused_with_the_limit()
    {
        var e = Assert.Throws<ArgumentException>(() => _r.Render(new string('x', CommentRenderer.MaxSourceLength + 1)));
        Assert.Contains("20,000", e.Message);
    }
}
