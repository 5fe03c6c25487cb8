using System.Net;
using System.Text.RegularExpressions;

namespace DailyPapers.Web.Tests;

/// <summary>/papers/search-by-abstract: a POST form with the antiforgery token Razor Pages adds.</summary>
[Collection(SeededCollection.Name)]
public sealed partial class SearchByAbstractTests(SeededApp app)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string? text, bool withToken = true)
    {
        var client = app.Client(); // keeps the antiforgery cookie between the GET and the POST
        var form = await (await client.GetAsync("/papers/search-by-abstract")).Content.ReadAsStringAsync();
        var fields = new Dictionary<string, string>();
        if (text is not null) fields["Text"] = text;
        if (withToken) fields["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value;
        var r = await client.PostAsync("/papers/search-by-abstract", new FormUrlEncodedContent(fields));
        return (r.StatusCode, await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Form_page_renders_with_a_labelled_text_area()
    {
        var r = await app.Client().GetAsync("/papers/search-by-abstract");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await r.Content.ReadAsStringAsync();
        Assert.Contains("<label for=\"abstract-text\"", body);
        Assert.Contains("method=\"post\"", body);
        Assert.Matches(Token(), body);
    }

    [Fact]
    public async Task A_pasted_abstract_finds_its_neighbours()
    {
        // DynaMo's own opening sentence, reworded: the paper should come back among the results.
        var (status, body) = await PostAsync(
            "We pretrain visual encoders in-domain by learning the dynamics of robot demonstrations, so that visuo-motor "
            + "control policies learn from few demonstrations without large out-of-domain datasets.");
        Assert.Equal(HttpStatusCode.OK, status);
        var ids = Regex.Matches(body, "<h2 class=\"card-title\"><a href=\"/papers/([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(ids);
        Assert.Contains("2409.12192", ids);
        Assert.Contains("closest papers", body);
    }

    [Theory]
    [InlineData(null, "Paste a paragraph first")]
    [InlineData("   ", "Paste a paragraph first")]
    [InlineData("robots", "too short")]
    [InlineData("!!! ??? ... ,,, ;;; ::: --- ((( )))", "too short")]
    public async Task Empty_or_too_short_text_is_a_400_with_a_message(string? text, string expected)
    {
        var (status, body) = await PostAsync(text);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, body);
        Assert.Contains("role=\"alert\"", body);
    }

    [Fact]
    public async Task Too_long_text_is_a_400_that_keeps_the_text()
    {
        var text = string.Concat(Enumerable.Repeat("Language models learn from pretraining data. ", 200)); // 9,000 characters
        var (status, body) = await PostAsync(text);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("the limit is 5,000", body);
        Assert.Contains("Language models learn from pretraining data.", body); // the textarea is refilled
    }

    [Fact]
    public async Task Post_without_the_antiforgery_token_is_refused()
    {
        var (status, _) = await PostAsync("A long enough paragraph about robots and pretraining.", withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }
}
