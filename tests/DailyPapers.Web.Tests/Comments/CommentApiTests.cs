using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DailyPapers.Community;

namespace DailyPapers.Web.Tests.Comments;

/// <summary>The comment API: public list, bearer-token writes with the page's rules, JSON errors, the shared limit.</summary>
public sealed class CommentApiTests(CommentsApp app) : IClassFixture<CommentsApp>
{
    private static HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null)
    {
        var r = new HttpRequestMessage(method, path);
        if (token is not null) r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) r.Content = JsonContent.Create(body);
        return r;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        ApiContentType.Assert(response);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, doc.RootElement.Clone());
    }

    private async Task<(long Id, string Token)> UserAsync(Role role = Role.User)
    {
        var u = await app.SignedInAsync(role);
        return (u.Id, await app.TokenAsync(u.Id));
    }

    [Fact]
    public async Task Write_comment_reply_edit_delete_and_read_them_back()
    {
        const string Id = "2405.14908";
        var client = app.App.Client();
        var (_, ada) = await UserAsync();
        var (_, bob) = await UserAsync();

        var (status, made) = await SendAsync(client, Request(HttpMethod.Post, $"/api/papers/{Id}/comment", ada, new { comment = "Nice: $e^{i\\pi}+1=0$" }));
        Assert.Equal(HttpStatusCode.Created, status);
        var top = made.GetProperty("comment").GetProperty("id").GetInt64();
        Assert.Contains("class=\"math\"", made.GetProperty("comment").GetProperty("html").GetString());
        var hfCount = made.GetProperty("numComments").GetInt32() - 1;

        var (replied, reply) = await SendAsync(client, Request(HttpMethod.Post, $"/api/papers/{Id}/comment/{top}/reply", bob, new { comment = "Agreed" }));
        Assert.Equal(HttpStatusCode.Created, replied);
        Assert.Equal(top, reply.GetProperty("comment").GetProperty("parentId").GetInt64());
        var replyId = reply.GetProperty("comment").GetProperty("id").GetInt64();

        var (patched, edited) = await SendAsync(client, Request(HttpMethod.Patch, $"/api/papers/{Id}/comment/{replyId}", bob, new { comment = "Agreed, **strongly**" }));
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Contains("<strong>strongly</strong>", edited.GetProperty("comment").GetProperty("html").GetString());
        Assert.NotEqual(JsonValueKind.Null, edited.GetProperty("comment").GetProperty("editedAt").ValueKind);

        var (forbidden, why) = await SendAsync(client, Request(HttpMethod.Patch, $"/api/papers/{Id}/comment/{replyId}", ada, new { comment = "mine" }));
        Assert.Equal((HttpStatusCode.Forbidden, "You can only change your own comments."), (forbidden, why.GetProperty("error").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, Request(HttpMethod.Delete, $"/api/papers/{Id}/comment/{replyId}", ada))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, Request(HttpMethod.Post, $"/api/papers/{Id}/comment/{replyId}/hide", ada, new { reason = "no" }))).Status);

        var (deleted, gone) = await SendAsync(client, Request(HttpMethod.Delete, $"/api/papers/{Id}/comment/{top}", ada));
        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.Equal(hfCount + 1, gone.GetProperty("numComments").GetInt32());

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/papers/{Id}/comments");
        Assert.Equal(2, list.GetArrayLength()); // the deleted top-level comment stays as a placeholder for its reply
        Assert.True(list[0].GetProperty("deleted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, list[0].GetProperty("markdown").ValueKind);
        Assert.Equal("Agreed, **strongly**", list[1].GetProperty("markdown").GetString());
        Assert.Equal(top, list[1].GetProperty("parentId").GetInt64());
    }

    [Fact]
    public async Task Anonymous_bad_and_unknown_requests_get_json_errors()
    {
        const string Id = "2405.14906";
        var client = app.App.Client();
        var (_, token) = await UserAsync();
        var (anon, anonError) = await SendAsync(client, Request(HttpMethod.Post, $"/api/papers/{Id}/comment", null, new { comment = "hi" }));
        Assert.Equal(HttpStatusCode.Unauthorized, anon);
        Assert.False(string.IsNullOrEmpty(anonError.GetProperty("error").GetString()));

        // A browser's cookie is not an API credential.
        var cookie = (await app.SignedInAsync()).Client;
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(cookie, Request(HttpMethod.Post, $"/api/papers/{Id}/comment", null, new { comment = "hi" }))).Status);

        var bad = Request(HttpMethod.Post, $"/api/papers/{Id}/comment", token);
        bad.Content = new StringContent("{not json", Encoding.UTF8, "application/json");
        var (badStatus, badError) = await SendAsync(client, bad);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("{\"comment\":", badError.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(client, Request(HttpMethod.Post, $"/api/papers/{Id}/comment", token, new { comment = "" }))).Status);
        var tooLong = await SendAsync(client, Request(HttpMethod.Post, $"/api/papers/{Id}/comment", token, new { comment = new string('y', CommentRules.DefaultMaxLength + 1) }));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains("at most 10,000 characters", tooLong.Json.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, Request(HttpMethod.Post, "/api/papers/2405.99999/comment", token, new { comment = "x" }))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(client, Request(HttpMethod.Post, "/api/papers/not-an-id/comment", token, new { comment = "x" }))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, Request(HttpMethod.Patch, $"/api/papers/{Id}/comment/424242", token, new { comment = "x" }))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(client, Request(HttpMethod.Delete, $"/api/papers/{Id}/comment/abc", token))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, Request(HttpMethod.Get, "/api/papers/2405.99999/comments", null))).Status);

        // A comment id of another paper is not found under this paper.
        var (_, other) = await SendAsync(client, Request(HttpMethod.Post, "/api/papers/2405.15613/comment", token, new { comment = "elsewhere" }));
        var otherId = other.GetProperty("comment").GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, Request(HttpMethod.Delete, $"/api/papers/{Id}/comment/{otherId}", token))).Status);
        Assert.Equal(0L, (await app.CountsAsync(Id)).Visible);
    }

    [Fact]
    public async Task Moderators_hide_through_the_api_and_the_list_shows_only_the_reason()
    {
        const string Id = "2405.15216";
        var client = app.App.Client();
        var (_, user) = await UserAsync();
        var (_, mod) = await UserAsync(Role.Moderator);
        var (_, made) = await SendAsync(client, Request(HttpMethod.Post, $"/api/papers/{Id}/comment", user, new { comment = "cheap pills" }));
        var id = made.GetProperty("comment").GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(client, Request(HttpMethod.Post, $"/api/papers/{Id}/comment/{id}/hide", mod, new { reason = "" }))).Status);
        var (status, hidden) = await SendAsync(client, Request(HttpMethod.Post, $"/api/papers/{Id}/comment/{id}/hide", mod, new { reason = "spam" }));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(made.GetProperty("numComments").GetInt32() - 1, hidden.GetProperty("numComments").GetInt32());

        var list = await SendAsync(client, Request(HttpMethod.Get, $"/api/papers/{Id}/comments?fresh=1", null));
        var c = list.Json.EnumerateArray().Single(x => x.GetProperty("id").GetInt64() == id);
        Assert.Equal((true, "spam", JsonValueKind.Null), (c.GetProperty("hidden").GetBoolean(), c.GetProperty("hiddenReason").GetString(), c.GetProperty("html").ValueKind));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, Request(HttpMethod.Post, $"/api/papers/{Id}/comment/{id}/unhide", mod))).Status);
    }

    [Fact]
    public async Task The_api_shares_the_comment_limit_and_answers_429_in_json()
    {
        const string Id = "2405.15125";
        var client = app.App.Client();
        var u = await app.SignedInAsync();
        var token = await app.TokenAsync(u.Id);
        await CommentsApp.CommentAsync(u.Client, Id, "from the page"); // counts against the same budget
        for (var i = 1; i < CommentsApp.PerWindow; i++)
            Assert.Equal(HttpStatusCode.Created, (await SendAsync(client, Request(HttpMethod.Post, $"/api/papers/{Id}/comment", token, new { comment = $"api {i}" }))).Status);
        var over = await client.SendAsync(Request(HttpMethod.Post, $"/api/papers/{Id}/comment", token, new { comment = "too many" }));
        Assert.Equal((HttpStatusCode)429, over.StatusCode);
        Assert.NotNull(over.Headers.RetryAfter);
        using var doc = JsonDocument.Parse(await over.Content.ReadAsStringAsync());
        Assert.StartsWith("Too many comments", doc.RootElement.GetProperty("error").GetString());
        Assert.Equal(CommentsApp.PerWindow, (await app.CountsAsync(Id)).Visible);
    }
}
