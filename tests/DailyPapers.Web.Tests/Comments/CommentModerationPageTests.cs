using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.Community;

namespace DailyPapers.Web.Tests.Comments;

/// <summary>/moderation/comments: moderators see the newest comments of every paper, hide and show them from there.</summary>
public sealed class CommentModerationPageTests(CommentsApp app) : IClassFixture<CommentsApp>
{
    private const string Page = "/moderation/comments";

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var html = await (await client.GetAsync(Page)).Content.ReadAsStringAsync();
        var m = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.True(m.Success, "no form token on the moderation page");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    [Fact]
    public async Task Moderators_see_comments_across_papers_and_hide_them_from_the_list()
    {
        var writer = await app.SignedInAsync();
        var marker = "modlist-" + Guid.NewGuid().ToString("N")[..8];
        var onFirst = await CommentsApp.CommentAsync(writer.Client, "2405.15682", $"{marker} first paper <script>alert(1)</script>");
        var onSecond = await CommentsApp.CommentAsync(writer.Client, "2405.15319", $"{marker} second paper");
        var mod = await app.SignedInAsync(Role.Moderator);

        var html = await (await mod.Client.GetAsync(Page)).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/papers/2405.15682#comment-{onFirst}\"", html);
        Assert.Contains($"href=\"/papers/2405.15319#comment-{onSecond}\"", html);
        Assert.True(html.IndexOf($"comment-{onSecond}\"", StringComparison.Ordinal) < html.IndexOf($"comment-{onFirst}\"", StringComparison.Ordinal)); // newest first
        Assert.DoesNotContain("<script>alert(1)</script>", html);

        var hide = await mod.Client.PostAsync("/comments/hide", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Comment"] = $"{onFirst}", ["Reason"] = "spam", ["ReturnUrl"] = Page, ["__RequestVerificationToken"] = await TokenAsync(mod.Client),
        }));
        Assert.Equal(HttpStatusCode.Redirect, hide.StatusCode);
        Assert.Equal(Page, hide.Headers.Location!.OriginalString);

        var hidden = await (await mod.Client.GetAsync(Page + "?show=hidden")).Content.ReadAsStringAsync();
        Assert.Contains($"comment-{onFirst}\"", hidden);
        Assert.DoesNotContain($"comment-{onSecond}\"", hidden);
        Assert.Contains(": spam", hidden);

        // A foreign ReturnUrl is ignored: back to the comment on its paper.
        var unhide = await mod.Client.PostAsync("/comments/unhide", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Comment"] = $"{onFirst}", ["ReturnUrl"] = "https://evil.example/", ["__RequestVerificationToken"] = await TokenAsync(mod.Client),
        }));
        Assert.Equal($"/papers/2405.15682#comment-{onFirst}", unhide.Headers.Location!.OriginalString);
        Assert.DoesNotContain($"comment-{onFirst}\"", await (await mod.Client.GetAsync(Page + "?show=hidden")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Users_are_refused_anonymous_visitors_sign_in_and_bad_filters_are_400()
    {
        var user = await app.SignedInAsync();
        var denied = await user.Client.GetAsync(Page);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/account/denied", denied.Headers.Location!.AbsolutePath);
        var anon = await app.App.Client().GetAsync(Page);
        Assert.Equal(HttpStatusCode.Redirect, anon.StatusCode);
        Assert.StartsWith("/account/signin", anon.Headers.Location!.AbsolutePath);

        var mod = await app.SignedInAsync(Role.Moderator);
        Assert.Equal(HttpStatusCode.BadRequest, (await mod.Client.GetAsync(Page + "?show=everything")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await mod.Client.GetAsync(Page + "?before=-3")).StatusCode);
        Assert.Contains("Comments</a>", await (await mod.Client.GetAsync("/papers")).Content.ReadAsStringAsync()); // menu link
    }
}
