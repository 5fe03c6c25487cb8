using System.Net;
using System.Text.Json;

namespace DailyPapers.Web.Tests.Issue10;

/// <summary>
/// Issue 10, point 9: inputs that answered 500 in an adversarial probe. Each must be a 4xx in the site's layout for
/// pages and a JSON error for the API, never a 500.
/// </summary>
[Collection(SeededCollection.Name)]
public sealed class Issue10EdgeInputTests(SeededApp app)
{
    [Theory]
    [InlineData("/papers/date/9999-12-31")]
    [InlineData("/papers/date/9999-12-30")]
    [InlineData("/papers/date/9999-12-25")]
    [InlineData("/papers/week/9999-W52")]
    [InlineData("/papers/month/9999-12")]
    [InlineData("/papers/date/0001-01-01")]
    [InlineData("/papers/week/0001-W01")]
    [InlineData("/papers/month/0001-01")]
    [InlineData("/papers?date=9999-12-31")]
    public async Task Feed_periods_at_the_calendars_edges_are_a_400_page(string url)
    {
        var r = await app.Client(followRedirects: false).GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("text/html", r.Content.Headers.ContentType?.MediaType);
        Assert.Contains("outside the dates this site can show", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/daily_papers?week=9999-W52")]
    [InlineData("/api/daily_papers?month=9999-12")]
    [InlineData("/api/daily_papers?date=9999-12-31")]
    [InlineData("/api/daily_papers?date=0001-01-01")]
    public async Task Api_periods_at_the_calendars_edges_are_a_json_400(string url)
    {
        var r = await app.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(ApiContentType.Problem, r.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Contains("outside the dates this site can show", doc.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/users/%20")]
    [InlineData("/users/%09")]
    [InlineData("/users/%C2%A0")]
    [InlineData("/users/%20/collections/x")]
    [InlineData("/users/x/collections/%20")]
    [InlineData("/organizations/%20")]
    [InlineData("/organizations/%09")]
    [InlineData("/organizations/%C2%A0")]
    public async Task Blank_names_in_the_path_are_a_404_page(string url)
    {
        var r = await app.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal("text/html", r.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/users/%20/collections")]
    [InlineData("/api/collections/%09/x")]
    public async Task Blank_names_in_an_api_path_are_a_json_404(string url)
    {
        var r = await app.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal(ApiContentType.Problem, r.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/papers")]
    [InlineData("/papers/2405.15738")]
    [InlineData("/users/someone")]
    [InlineData("/organizations")]
    [InlineData("/account/signin")]
    [InlineData("/error")]
    public async Task Trace_and_other_methods_on_pages_are_a_405(string url)
    {
        foreach (var method in new[] { "TRACE", "PUT", "DELETE", "PATCH", "FOO" })
        {
            var r = await app.Client().SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
            Assert.True(r.StatusCode == HttpStatusCode.MethodNotAllowed, $"{method} {url}: {(int)r.StatusCode}");
            Assert.Contains("GET", r.Content.Headers.Allow);
            if (method != "TRACE") continue;
            Assert.Equal("text/html", r.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Method not allowed", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal); // the site's status page
        }
    }
}
