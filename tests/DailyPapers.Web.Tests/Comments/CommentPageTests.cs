using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using DailyPapers.Community;

namespace DailyPapers.Web.Tests.Comments;

/// <summary>The discussion on the paper page: no-JS form posts, counts on cards and in the API, safety, rights, limits, mentions.</summary>
public sealed class CommentPageTests(CommentsApp app) : IClassFixture<CommentsApp>
{
    private const string Feed = "/papers/date/2024-05-27";

    private static async Task<string> PageAsync(HttpClient client, string arxivId)
    {
        var response = await client.GetAsync("/papers/" + arxivId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<int> ApiCountAsync(HttpClient client, string arxivId)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/papers/" + arxivId + "?nocache=" + Guid.NewGuid().ToString("N")));
        return doc.RootElement.GetProperty("numComments").GetInt32();
    }

    [Fact]
    public async Task Adding_deleting_hiding_and_showing_change_the_count_on_the_card_the_api_and_the_page()
    {
        const string Id = "2405.15738"; // 3 comments in the HF snapshot
        var ada = await app.SignedInAsync();
        var mod = await app.SignedInAsync(Role.Moderator);
        var card0 = await CommentsApp.CardCountAsync(ada.Client, Feed, Id);
        Assert.Equal(3, card0);

        var first = await CommentsApp.CommentAsync(ada.Client, Id, "A **first** thought");
        var second = await CommentsApp.CommentAsync(ada.Client, Id, "And a second");
        Assert.Equal(5, await CommentsApp.CardCountAsync(ada.Client, Feed, Id));
        Assert.Equal(5, await ApiCountAsync(ada.Client, Id));
        var html = await PageAsync(ada.Client, Id);
        Assert.Contains($"id=\"comment-{first}\"", html);
        Assert.Contains("<strong>first</strong>", html);
        Assert.Contains("Discussion <span class=\"comments-count\">2</span>", html);

        Assert.Equal(HttpStatusCode.Redirect, (await CommentsApp.PostAsync(ada.Client, Id, "delete", CommentsApp.Fields(second))).StatusCode);
        Assert.Equal(4, await CommentsApp.CardCountAsync(ada.Client, Feed, Id));
        Assert.DoesNotContain($"id=\"comment-{second}\"", await PageAsync(ada.Client, Id)); // no replies: it disappears

        var hide = await CommentsApp.PostAsync(mod.Client, Id, "hide", CommentsApp.Fields(first, reason: "off topic"));
        Assert.Equal(HttpStatusCode.Redirect, hide.StatusCode);
        Assert.Equal($"/papers/{Id}#comment-{first}", hide.Headers.Location!.OriginalString);
        Assert.Equal(3, await CommentsApp.CardCountAsync(ada.Client, Feed, Id));
        Assert.Equal(3, await ApiCountAsync(mod.Client, Id));
        // Everyone sees the reason in its place; only moderators see the text.
        var others = await PageAsync((await app.SignedInAsync()).Client, Id);
        Assert.Contains("Hidden by a moderator: off topic", others);
        Assert.DoesNotContain("<strong>first</strong>", others);
        Assert.Contains("<strong>first</strong>", await PageAsync(mod.Client, Id));

        Assert.Equal(HttpStatusCode.Redirect, (await CommentsApp.PostAsync(mod.Client, Id, "unhide", CommentsApp.Fields(first))).StatusCode);
        Assert.Equal(4, await CommentsApp.CardCountAsync(ada.Client, Feed, Id));
        var (num, hf, visible) = await app.CountsAsync(Id);
        Assert.Equal((4, 3, 1L), (num, hf, visible));
    }

    [Fact]
    public async Task Replies_edits_and_a_deleted_comment_with_replies_keep_the_thread_readable()
    {
        const string Id = "2405.15574";
        var ada = await app.SignedInAsync();
        var bob = await app.SignedInAsync();
        var top = await CommentsApp.CommentAsync(ada.Client, Id, "Does it scale?");
        var reply = await CommentsApp.CommentAsync(bob.Client, Id, "It does.", parent: top);
        var edit = await CommentsApp.PostAsync(bob.Client, Id, "edit", CommentsApp.Fields(reply, body: "It does, see table 3."));
        Assert.Equal($"/papers/{Id}#comment-{reply}", edit.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await CommentsApp.PostAsync(ada.Client, Id, "delete", CommentsApp.Fields(top))).StatusCode);

        var doc = new HtmlParser().ParseDocument(await PageAsync(bob.Client, Id));
        var topEl = doc.GetElementById($"comment-{top}")!;
        Assert.Equal("Comment deleted", topEl.QuerySelector(".comment-placeholder")!.TextContent);
        Assert.DoesNotContain("Does it scale?", topEl.OuterHtml);
        var replyEl = doc.GetElementById($"comment-{reply}")!;
        Assert.Equal(topEl.ParentElement, replyEl.Closest(".comment-replies")!.ParentElement);
        Assert.Contains("table 3", replyEl.QuerySelector(".comment-body")!.TextContent);
        Assert.NotNull(replyEl.QuerySelector(".comment-edited"));
        Assert.Equal("/users/" + bob.Handle, replyEl.QuerySelector("a.comment-author")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<a href=\"javascript:alert(1)\" onclick=\"alert(1)\">raw html</a><iframe src=\"https://evil.example\"></iframe>")]
    public async Task Dangerous_comments_are_rendered_inert_in_the_page(string body)
    {
        const string Id = "2405.15071";
        var user = await app.SignedInAsync();
        var id = await CommentsApp.CommentAsync(user.Client, Id, body);
        var doc = new HtmlParser().ParseDocument(await PageAsync(user.Client, Id));
        var comment = doc.GetElementById($"comment-{id}")!;
        var elements = comment.QuerySelectorAll("*");
        Assert.DoesNotContain(elements, e => e.LocalName is "script" or "img" or "iframe" or "svg" or "object" or "embed");
        Assert.DoesNotContain(elements, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.All(elements.Where(e => e.HasAttribute("href")), e => Assert.Matches("^(https?:|mailto:|/|#)", e.GetAttribute("href")!));
        // The text people typed is still there to read.
        Assert.False(string.IsNullOrWhiteSpace(comment.QuerySelector(".comment-body")!.TextContent));
    }

    [Fact]
    public async Task Anonymous_and_csrf_less_posts_are_rejected_and_store_nothing()
    {
        const string Id = "2405.15032";
        var anonymous = app.App.Client();
        var html = await PageAsync(anonymous, Id);
        Assert.Contains("to join the discussion", html);
        Assert.DoesNotContain("action=\"/comments/add\"", html);
        var post = await anonymous.PostAsync("/comments/add", new FormUrlEncodedContent(new Dictionary<string, string> { ["Paper"] = Id, ["Body"] = "hi" }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/account/signin", post.Headers.Location!.AbsolutePath);

        var user = await app.SignedInAsync();
        var forged = await CommentsApp.PostAsync(user.Client, Id, "add", new Dictionary<string, string> { ["Paper"] = Id, ["Body"] = "forged" }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0L, (await app.CountsAsync(Id)).Visible);
    }

    [Fact]
    public async Task Only_the_author_edits_or_deletes_and_only_moderators_hide()
    {
        const string Id = "2405.15682";
        var ada = await app.SignedInAsync();
        var eve = await app.SignedInAsync();
        var id = await CommentsApp.CommentAsync(ada.Client, Id, "mine");
        Assert.DoesNotContain("action=\"/comments/edit\"", await PageAsync(eve.Client, Id)); // no edit form for others

        var edit = await CommentsApp.PostAsync(eve.Client, Id, "edit", CommentsApp.Fields(id, body: "hijacked"));
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.Contains("only change your own comments", await edit.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await CommentsApp.PostAsync(eve.Client, Id, "delete", CommentsApp.Fields(id))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await CommentsApp.PostAsync(eve.Client, Id, "hide", CommentsApp.Fields(id, reason: "I disagree"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await CommentsApp.PostAsync(eve.Client, Id, "edit", CommentsApp.Fields(987_654, body: "x"))).StatusCode);
        var comment = (await app.Service<DailyPapers.Storage.CommentStore>().GetAsync(id))!;
        Assert.Equal(("mine", false, false), (comment.Body, comment.IsHidden, comment.IsDeleted));

        var mod = await app.SignedInAsync(Role.Moderator);
        var noReason = await CommentsApp.PostAsync(mod.Client, Id, "hide", CommentsApp.Fields(id, reason: " "));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Give a reason", await noReason.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Too_long_or_empty_comments_come_back_with_the_message_and_the_text_kept()
    {
        const string Id = "2405.15319";
        var user = await app.SignedInAsync();
        var text = "Long review. " + new string('x', CommentRules.DefaultMaxLength);
        var response = await CommentsApp.PostAsync(user.Client, Id, "add", new Dictionary<string, string> { ["Paper"] = Id, ["Body"] = text });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var doc = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains("at most 10,000 characters; this one has 10,013", doc.QuerySelector(".alert-error")!.TextContent);
        Assert.Equal(text, doc.QuerySelector("textarea[name=Body]")!.TextContent);
        Assert.NotNull(doc.QuerySelector("input[name=__RequestVerificationToken]"));

        var empty = await CommentsApp.PostAsync(user.Client, Id, "add", new Dictionary<string, string> { ["Paper"] = Id, ["Body"] = "  \r\n " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("the comment is empty", await empty.Content.ReadAsStringAsync());
        var unknown = await CommentsApp.PostAsync(user.Client, Id, "add", new Dictionary<string, string> { ["Paper"] = "2405.99999", ["Body"] = "hi" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(0L, (await app.CountsAsync(Id)).Visible);
    }

    [Fact]
    public async Task Beyond_the_comment_limit_the_form_answers_429_and_keeps_the_text()
    {
        const string Id = "2405.14979";
        var user = await app.SignedInAsync();
        for (var i = 0; i < CommentsApp.PerWindow; i++) await CommentsApp.CommentAsync(user.Client, Id, $"comment {i}");
        var over = await CommentsApp.PostAsync(user.Client, Id, "add", new Dictionary<string, string> { ["Paper"] = Id, ["Body"] = "one too many" });
        Assert.Equal((HttpStatusCode)429, over.StatusCode);
        Assert.True(over.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
        var html = await over.Content.ReadAsStringAsync();
        Assert.Contains("try again in", html);
        Assert.Contains("one too many", html);
        Assert.Equal(CommentsApp.PerWindow, (await app.CountsAsync(Id)).Visible);
        // Another account is not affected.
        await CommentsApp.CommentAsync((await app.SignedInAsync()).Client, Id, "mine is fine");
    }

    [Fact]
    public async Task A_mention_notifies_once_by_row_and_by_mail_and_shows_in_the_user_menu()
    {
        const string Id = "2405.15223";
        var ada = await app.SignedInAsync();
        var bob = await app.SignedInAsync();
        var id = await CommentsApp.CommentAsync(ada.Client, Id, $"What do you think, @{bob.Handle}? (and @{ada.Handle}, myself)");
        var mail = await app.App.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(x => x.Address == bob.Email));
        Assert.Contains($"@{ada.Handle} mentioned you", mail.Subject);
        Assert.Contains($"/papers/{Id}#comment-{id}", mail.TextBody);
        Assert.Contains("What do you think", mail.TextBody);

        // Editing keeps the mention: no second notification or mail.
        await CommentsApp.PostAsync(ada.Client, Id, "edit", CommentsApp.Fields(id, body: $"What do you think now, @{bob.Handle}?"));
        var menu = await PageAsync(bob.Client, Id);
        Assert.Contains("<span class=\"notif-count\" aria-label=\"1 unread\">1</span>", menu);
        var list = await (await bob.Client.GetAsync("/account/notifications")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/papers/{Id}#comment-{id}\"", list);
        Assert.Contains("mentioned you on", list);

        var read = await Accounts.AccountsApp.PostFormAsync(bob.Client, "/account/notifications", new Dictionary<string, string>(), "Read");
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.DoesNotContain("notif-count", await PageAsync(bob.Client, Id));
        await Task.Delay(300); // let the outbox send anything else it (wrongly) queued
        Assert.Single(app.App.Smtp.To(bob.Email));
        Assert.Empty(app.App.Smtp.To(ada.Email)); // never mailed about yourself
    }
}
