using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.Accounts;
using DailyPapers.Storage;
using DailyPapers.Web.Tests.Accounts;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Votes;

/// <summary>The seeded accounts app with a small per-account vote budget, and helpers to read and press buttons.</summary>
public sealed partial class VotesApp : IAsyncLifetime
{
    public const int PerWindow = 6;
    public AccountsApp App { get; } = new();

    public VotesApp()
    {
        App.Settings["DailyPapers:Votes:PerWindow"] = PerWindow.ToString(CultureInfo.InvariantCulture);
        App.Settings["DailyPapers:Votes:WindowSeconds"] = "3600"; // never refills during a test run
    }

    public Task InitializeAsync() => App.InitializeAsync();
    public Task DisposeAsync() => App.DisposeAsync();

    public T Service<T>() where T : notnull => App.Factory.Services.GetRequiredService<T>();

    /// <summary>A confirmed account created in the store (no mail round trip), with a personal API token.</summary>
    public async Task<(long Id, string Token)> ApiUserAsync()
    {
        var accounts = Service<AccountStore>();
        var handle = AccountsApp.NewHandle();
        var created = await accounts.CreateAsync(handle, handle + "@example.org", Passwords.Hash(AccountsApp.Password), confirmed: true);
        Assert.Equal(CreateAccountOutcome.Created, created.Outcome);
        var (token, _) = await accounts.CreateApiTokenAsync(created.Id, "votes test");
        return (created.Id, token);
    }

    /// <summary>A client signed in with a cookie, and its account id.</summary>
    public async Task<(HttpClient Client, long Id)> SignedInAsync()
    {
        var accounts = Service<AccountStore>();
        var handle = AccountsApp.NewHandle();
        var created = await accounts.CreateAsync(handle, handle + "@example.org", Passwords.Hash(AccountsApp.Password), confirmed: true);
        var client = App.Client();
        var signin = await AccountsApp.SignInAsync(client, handle + "@example.org", AccountsApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, signin.StatusCode);
        return (client, created.Id);
    }

    /// <summary>Rows in the votes table for the paper, and its stored upvotes and HF snapshot count.</summary>
    public async Task<(long Votes, int Upvotes, int HfUpvotes)> CountsAsync(string arxivId)
    {
        await using var c = await Service<Database>().OpenAsync();
        return await c.QuerySingleAsync<(long, int, int)>(
            "SELECT (SELECT COUNT(*) FROM votes v WHERE v.paper_id = p.id), p.upvotes, p.hf_upvotes FROM papers p WHERE p.arxiv_id = @arxivId", new { arxivId });
    }

    /// <summary>The vote button of one paper as a page drew it.</summary>
    public sealed record Button(string Method, string Action, bool Pressed, int Count, string? Up, string? Token, string? ReturnUrl);

    public static Button? FindButton(string html, string arxivId)
    {
        foreach (Match m in VoteForm().Matches(html))
        {
            var form = m.Value;
            var action = Attr(form, "action")!;
            var returnUrl = Field(form, "returnUrl");
            if (FormPaper().Match(form).Groups[1].Value != arxivId) continue;
            return new Button(Attr(form, "method")!, action, Attr(form, "aria-pressed") == "true",
                int.Parse(VoteCount().Match(form).Groups[1].Value, CultureInfo.InvariantCulture), Field(form, "up"), Field(form, "__RequestVerificationToken"), returnUrl);
        }
        return null;
    }

    private static string? Attr(string html, string name) =>
        Regex.Match(html, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    private static string? Field(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*?value=\"([^\"]*)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [GeneratedRegex("<form class=\"vote [^\"]*\".*?</form>", RegexOptions.Singleline)]
    private static partial Regex VoteForm();

    [GeneratedRegex("<span class=\"vote-n\">(\\d+)</span>")]
    private static partial Regex VoteCount();

    [GeneratedRegex("data-paper=\"([^\"]+)\"")]
    private static partial Regex FormPaper();
}
