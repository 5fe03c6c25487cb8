using System.Net;
using System.Net.Http.Json;

namespace DailyPapers.Web.Tests.Http;

/// <summary>
/// Issue 11: one PaperLookup behind every endpoint that takes an arXiv id. Each id form that is not an id is a 400,
/// each well-formed id naming no paper a 404, as problem details with HF's error field, on every such route.
/// </summary>
public sealed class PaperLookupTests(HttpApp app) : IClassFixture<HttpApp>, IAsyncLifetime
{
    private HttpApp.User _user = null!;
    private string _slug = "";

    public async Task InitializeAsync()
    {
        _user = await app.UserAsync();
        _slug = await HttpApp.CollectionAsync(_user, "2409.12192");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Id forms: (what the client sends, the status it gets).</summary>
    public static readonly TheoryData<string, HttpStatusCode> Ids = new()
    {
        { "not-an-id", HttpStatusCode.BadRequest },
        { "2401.1", HttpStatusCode.BadRequest },
        { "arXiv:12", HttpStatusCode.BadRequest },
        { "9999.99999", HttpStatusCode.NotFound },     // well formed, impossible month: names no paper
        { "2401.00001", HttpStatusCode.NotFound },     // a real-looking id this site does not hold
        { "2401.00001v2", HttpStatusCode.NotFound },
        { "hep-th/9901001", HttpStatusCode.NotFound }, // old style, two path segments
    };

    /// <summary>Every route taking a paper id, as (name, request for an id).</summary>
    private Dictionary<string, Func<string, HttpRequestMessage>> Routes() => new()
    {
        ["GET /api/papers/{id}"] = id => new(HttpMethod.Get, $"/api/papers/{id}"),
        ["POST /api/papers/{id}/upvote"] = id => new(HttpMethod.Post, $"/api/papers/{id}/upvote"),
        ["DELETE /api/papers/{id}/upvote"] = id => new(HttpMethod.Delete, $"/api/papers/{id}/upvote"),
        ["GET /api/papers/{id}/comments"] = id => new(HttpMethod.Get, $"/api/papers/{id}/comments"),
        ["POST /api/papers/{id}/comment"] = id => new(HttpMethod.Post, $"/api/papers/{id}/comment") { Content = JsonContent.Create(new { comment = "hello" }) },
        ["POST /api/papers/{id}/comment/1/reply"] = id => new(HttpMethod.Post, $"/api/papers/{id}/comment/1/reply") { Content = JsonContent.Create(new { comment = "hi" }) },
        ["PATCH /api/papers/{id}/comment/1"] = id => new(HttpMethod.Patch, $"/api/papers/{id}/comment/1") { Content = JsonContent.Create(new { comment = "edit" }) },
        ["DELETE /api/papers/{id}/comment/1"] = id => new(HttpMethod.Delete, $"/api/papers/{id}/comment/1"),
        ["POST /api/collections/{o}/{s}/items"] = id => new(HttpMethod.Post, $"/api/collections/{_user.Handle}/{_slug}/items") { Content = JsonContent.Create(new { paper = id }) },
        ["PATCH /api/collections/{o}/{s}/items/{id}"] = id => new(HttpMethod.Patch, $"/api/collections/{_user.Handle}/{_slug}/items/{id}") { Content = JsonContent.Create(new { note = "n" }) },
        ["DELETE /api/collections/{o}/{s}/items/{id}"] = id => new(HttpMethod.Delete, $"/api/collections/{_user.Handle}/{_slug}/items/{id}"),
    };

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task Every_route_taking_a_paper_id_answers_a_bad_id_400_and_an_unknown_one_404_as_problem_details(string id, HttpStatusCode expected)
    {
        foreach (var (route, request) in Routes())
        {
            var detail = await HttpApp.AssertProblemAsync(await _user.Api.SendAsync(request(id)), expected, $"{route} with {id}");
            if (expected == HttpStatusCode.NotFound) Assert.Contains("not found", detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task A_papers_bibtex_file_answers_the_same_statuses_in_plain_text(string id, HttpStatusCode expected)
    {
        var r = await app.App.Client().GetAsync($"/papers/{id}.bib");
        if (id.EndsWith("v2", StringComparison.Ordinal))
        {
            // A version is first sent to the paper's one address, which then answers as the bare id does.
            Assert.Equal(HttpStatusCode.MovedPermanently, r.StatusCode);
            r = await app.App.Client().GetAsync(r.Headers.Location);
        }
        Assert.Equal(expected, r.StatusCode);
        Assert.Equal("text/plain", r.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_known_paper_is_found_on_every_route_that_reads_it()
    {
        Assert.Equal(HttpStatusCode.OK, (await _user.Api.GetAsync("/api/papers/2409.12192")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _user.Api.GetAsync("/api/papers/2409.12192/comments")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _user.Api.PatchAsJsonAsync($"/api/collections/{_user.Handle}/{_slug}/items/2409.12192", new { note = "n" })).StatusCode);
    }
}
