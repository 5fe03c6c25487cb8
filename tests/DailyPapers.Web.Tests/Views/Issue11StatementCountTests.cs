using System.Data.Common;
using System.Net;
using DailyPapers.Storage;
using DailyPapers.Web.Tests.Votes;

namespace DailyPapers.Web.Tests.Views;

/// <summary>
/// Issue 11.4: views do not query. A signed-in user's list pages drew one vote query per card (the button asked for
/// its own paper); page models now load the marks of all cards in one query. Each page below runs a small, constant
/// number of SQL statements whatever the number of cards.
/// </summary>
public sealed class Issue11StatementCountTests(VotesApp app) : IClassFixture<VotesApp>
{
    // The page's own reads (papers, authors, versions, feed entries; organisation choices on search), the vote marks,
    // the user's collections and memberships, the notifications count: 9–11 today. One query per card would add 20.
    private const int Bound = 12;

    [Theory]
    [InlineData("/papers?q=model")]
    [InlineData("/papers?q=language+model&page=2")]
    [InlineData("/papers/trending")]
    [InlineData("/papers/date/2024-09-24")]
    public async Task Issue11_a_signed_in_list_page_runs_a_bounded_number_of_statements(string url)
    {
        app.App.Factory.Server.PreserveExecutionContext = true; // the request runs on this flow, so the observer sees it
        var (client, _) = await app.SignedInAsync();
        await client.GetAsync(url); // warm-up: caches of organisation choices and the like are filled once per app

        var commands = new List<DbCommand>();
        HttpResponseMessage response;
        using (CommandObserver.Observe(c => { lock (commands) commands.Add(c); }))
            response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Per-connection settings (SQLite PRAGMAs on open) are not queries of the page.
        commands.RemoveAll(c => c.CommandText.TrimStart().StartsWith("PRAGMA", StringComparison.Ordinal));
        var cards = System.Text.RegularExpressions.Regex.Matches(html, "data-vote").Count;
        Assert.True(cards >= 10, $"{url} drew {cards} vote buttons; the bound means little on a short page");
        Assert.True(commands.Count <= Bound,
            $"{url} ran {commands.Count} statements for {cards} cards:\n" + string.Join("\n", commands.Select(c => c.CommandText.Split('\n')[0].Trim())));
    }

    [Fact]
    public async Task The_observer_sees_the_statements_of_a_request_and_nothing_after_it_is_disposed()
    {
        app.App.Factory.Server.PreserveExecutionContext = true;
        var (client, _) = await app.SignedInAsync();
        await client.GetAsync("/papers?q=model");
        var seen = 0;
        using (CommandObserver.Observe(_ => Interlocked.Increment(ref seen)))
            await client.GetAsync("/papers?q=model");
        var during = seen;
        await client.GetAsync("/papers?q=model");
        Assert.True(during > 0, "a signed-in search page ran no statement the observer saw");
        Assert.Equal(during, seen);
    }
}
