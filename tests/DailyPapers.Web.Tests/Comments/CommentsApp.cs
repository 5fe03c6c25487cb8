using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.Accounts;
using DailyPapers.Community;
using DailyPapers.Storage;
using DailyPapers.Web.Tests.Accounts;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Comments;

/// <summary>The seeded accounts app with a small per-account comment budget, and helpers to post the discussion's forms.</summary>
public sealed partial class CommentsApp : IAsyncLifetime
{
    public const int PerWindow = 5;
    public AccountsApp App { get; }

    public CommentsApp() : this(false) { }

    internal CommentsApp(bool realPort)
    {
        App = new AccountsApp { RealPort = realPort };
        App.Settings["DailyPapers:Comments:PerWindow"] = PerWindow.ToString(CultureInfo.InvariantCulture);
        App.Settings["DailyPapers:Comments:WindowSeconds"] = "3600"; // never refills during a test run
    }

    public Task InitializeAsync() => App.InitializeAsync();
    public Task DisposeAsync() => App.DisposeAsync();

    public T Service<T>() where T : notnull => App.Factory.Services.GetRequiredService<T>();

    public sealed record User(HttpClient Client, long Id, string Handle, string Email);

    /// <summary>A confirmed account (made in the store, no mail round trip), signed in with a cookie.</summary>
    public async Task<User> SignedInAsync(Role role = Role.User)
    {
        var (id, handle, email) = await AccountAsync(role);
        var client = App.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await AccountsApp.SignInAsync(client, email, AccountsApp.Password)).StatusCode);
        return new User(client, id, handle, email);
    }

    /// <summary>A confirmed account, not signed in anywhere (the browser signs in itself).</summary>
    public async Task<(long Id, string Handle, string Email)> AccountAsync(Role role = Role.User)
    {
        var handle = AccountsApp.NewHandle();
        var email = handle + "@example.org";
        var created = await Service<AccountStore>().CreateAsync(handle, email, Passwords.Hash(AccountsApp.Password), role, confirmed: true);
        return (created.Id, handle, email);
    }

    /// <summary>A bearer token for a user.</summary>
    public async Task<string> TokenAsync(long userId) => (await Service<AccountStore>().CreateApiTokenAsync(userId, "comments test")).Token;

    /// <summary>The antiforgery token of the signed-in user's forms on the paper page.</summary>
    public static async Task<string> FormTokenAsync(HttpClient client, string arxivId)
    {
        var html = await (await client.GetAsync("/papers/" + arxivId)).Content.ReadAsStringAsync();
        var m = AntiforgeryField().Match(html);
        Assert.True(m.Success, $"no antiforgery token on /papers/{arxivId}");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    /// <summary>POSTs one of the discussion's forms (/comments/{action}) as the page would, with the token unless told not to.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string arxivId, string action, IDictionary<string, string> fields, bool withToken = true)
    {
        var form = new Dictionary<string, string>(fields);
        if (withToken) form["__RequestVerificationToken"] = await FormTokenAsync(client, arxivId);
        return await client.PostAsync("/comments/" + action, new FormUrlEncodedContent(form));
    }

    /// <summary>Posts a comment (or reply) through the form and returns the new comment's id from the redirect.</summary>
    public static async Task<long> CommentAsync(HttpClient client, string arxivId, string body, long? parent = null)
    {
        var fields = new Dictionary<string, string> { ["Paper"] = arxivId, ["Body"] = body };
        if (parent is { } p) fields["Parent"] = p.ToString(CultureInfo.InvariantCulture);
        var response = await PostAsync(client, arxivId, "add", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        var m = Regex.Match(location, $"^/papers/{Regex.Escape(arxivId)}#comment-(\\d+)$");
        Assert.True(m.Success, $"unexpected redirect {location}");
        return long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    public static Dictionary<string, string> Fields(long comment, string? body = null, string? reason = null)
    {
        var f = new Dictionary<string, string> { ["Comment"] = comment.ToString(CultureInfo.InvariantCulture) };
        if (body is not null) f["Body"] = body;
        if (reason is not null) f["Reason"] = reason;
        return f;
    }

    /// <summary>The comment count a feed card shows for the paper (fetched by a signed-in client: never the cached page).</summary>
    public static async Task<int> CardCountAsync(HttpClient client, string feed, string arxivId)
    {
        var html = await (await client.GetAsync(feed)).Content.ReadAsStringAsync();
        var card = Regex.Match(html, $"<li class=\"card\">(?:(?!</li>).)*?href=\"/papers/{Regex.Escape(arxivId)}\".*?title=\"([\\d,]+) comments?\"", RegexOptions.Singleline);
        Assert.True(card.Success, $"no card for {arxivId} on {feed}");
        return int.Parse(card.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    public async Task<(int NumComments, int HfNumComments, long Visible)> CountsAsync(string arxivId)
    {
        await using var c = await Service<Database>().OpenAsync();
        return await c.QuerySingleAsync<(int, int, long)>("""
            SELECT p.num_comments, p.hf_num_comments,
                   (SELECT COUNT(*) FROM comments m WHERE m.paper_id = p.id AND m.deleted_at IS NULL AND m.hidden_at IS NULL)
            FROM papers p WHERE p.arxiv_id = @arxivId
            """, new { arxivId });
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
