using System.Net;
using System.Net.Http.Json;

namespace DailyPapers.Web.Tests.Http;

/// <summary>
/// Issue 11: one 429 path for the per-account limits. Past its budget, each limited endpoint answers 429 with
/// Retry-After and problem details naming what was limited; another account is still served.
/// </summary>
public sealed class TooManyRequestsTests(HttpApp app) : IClassFixture<HttpApp>
{
    /// <summary>(endpoint, request that spends one permit, what the message says was limited).</summary>
    public static readonly TheoryData<string, string> Limited = new()
    {
        { "POST /api/papers/{id}/upvote", "Too many votes" },
        { "DELETE /api/papers/{id}/upvote", "Too many votes" },
        { "POST /api/papers/{id}/comment", "Too many comments" },
        { "POST /api/papers/submit", "Too many submissions" },
        { "POST /api/collections", "Too many collection changes" },
        { "PATCH /api/collections/{o}/{s}", "Too many collection changes" },
    };

    private static HttpRequestMessage Request(string endpoint, HttpApp.User u, string slug, int i) => endpoint switch
    {
        "POST /api/papers/{id}/upvote" => new(HttpMethod.Post, "/api/papers/2409.12192/upvote"),
        "DELETE /api/papers/{id}/upvote" => new(HttpMethod.Delete, "/api/papers/2409.12192/upvote"),
        "POST /api/papers/{id}/comment" => new(HttpMethod.Post, "/api/papers/2409.12192/comment") { Content = JsonContent.Create(new { comment = $"note {i}" }) },
        // A body that is not an object is refused after the permit is taken: no arXiv fetch is needed.
        "POST /api/papers/submit" => new(HttpMethod.Post, "/api/papers/submit") { Content = JsonContent.Create(new[] { i }) },
        "POST /api/collections" => new(HttpMethod.Post, "/api/collections") { Content = JsonContent.Create(new { title = $"List {i} {Guid.NewGuid():N}" }) },
        "PATCH /api/collections/{o}/{s}" => new(HttpMethod.Patch, $"/api/collections/{u.Handle}/{slug}") { Content = JsonContent.Create(new { description = $"d{i}" }) },
        _ => throw new ArgumentException(endpoint),
    };

    [Theory]
    [MemberData(nameof(Limited))]
    public async Task Past_the_account_budget_the_answer_is_429_with_Retry_After_as_problem_details(string endpoint, string message)
    {
        var u = await app.UserAsync();
        var slug = endpoint.Contains("{s}", StringComparison.Ordinal) ? await HttpApp.CollectionAsync(u) : "";
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 100 && refused is null; i++)
        {
            var r = await u.Api.SendAsync(Request(endpoint, u, slug, i));
            if (r.StatusCode == HttpStatusCode.TooManyRequests) refused = r;
            else Assert.True((int)r.StatusCode < 500, $"{endpoint} #{i}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"{endpoint}: Retry-After {refused.Headers.RetryAfter}");
        var detail = await HttpApp.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, endpoint);
        Assert.StartsWith(message, detail, StringComparison.Ordinal);

        // The budget is the account's: another account is served.
        var other = await app.UserAsync();
        var otherSlug = slug.Length > 0 ? await HttpApp.CollectionAsync(other) : "";
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await other.Api.SendAsync(Request(endpoint, other, otherSlug, 0))).StatusCode);
    }
}
