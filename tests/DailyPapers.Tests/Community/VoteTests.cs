using DailyPapers.Community;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Storage;
using Dapper;

namespace DailyPapers.Tests.Community;

public sealed class VoteTests
{
    [Theory]
    [InlineData(false, true, VoteTransition.Added)]
    [InlineData(true, false, VoteTransition.Removed)]
    [InlineData(true, true, VoteTransition.AlreadyVoted)]
    [InlineData(false, false, VoteTransition.NotVoted)]
    public void Transition_table(bool has, bool want, VoteTransition expected) =>
        Assert.Equal(expected, VoteRules.Transition(has, want));

    private static async Task<(PaperStore Papers, VoteStore Votes, long PaperId, long[] Users)> SeedAsync(Database db, int users, int hfUpvotes = 3)
    {
        var papers = new PaperStore(db);
        await papers.ImportBatchAsync([new ImportRecord(
            new Paper { ArxivId = "2501.00001", Title = "T", Abstract = "A", HfUpvotes = hfUpvotes },
            new DailyEntry { ArxivId = "2501.00001", FeedDate = new DateOnly(2025, 1, 2) })]);
        var paperId = (await papers.GetAsync("2501.00001"))!.Id;
        var ids = new long[users];
        await using var c = await db.OpenAsync();
        for (var i = 0; i < users; i++)
            ids[i] = await c.ExecuteScalarAsync<long>("INSERT INTO users (handle, created_at) VALUES (@h, '2025-01-01T00:00:00.000Z') RETURNING id", new { h = $"voter{i}" });
        return (papers, new VoteStore(db), paperId, ids);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Each_transition_recomputes_the_score_from_the_votes_table(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var (papers, votes, paperId, users) = await SeedAsync(t.Db, 2);
        var hot0 = (await papers.GetAsync("2501.00001"))!.Hotness;

        var added = await votes.SetAsync(users[0], paperId, up: true);
        Assert.Equal(new VoteResult(VoteTransition.Added, true, 4, added!.Hotness), added);
        Assert.True(added.Hotness > hot0);
        var again = await votes.SetAsync(users[0], paperId, up: true);
        Assert.Equal(VoteTransition.AlreadyVoted, again!.Transition);
        Assert.Equal(4, again.Upvotes);
        var removed = await votes.SetAsync(users[0], paperId, up: false);
        Assert.Equal(VoteTransition.Removed, removed!.Transition);
        Assert.Equal(3, removed.Upvotes);
        Assert.Equal(hot0, removed.Hotness, 6);
        var none = await votes.SetAsync(users[0], paperId, up: false);
        Assert.Equal(VoteTransition.NotVoted, none!.Transition);
        Assert.Equal(3, none.Upvotes);

        var toggled = await votes.ToggleAsync(users[1], paperId);
        Assert.Equal(VoteTransition.Added, toggled!.Transition);
        Assert.Equal(new HashSet<long> { paperId }, await votes.VotedAmongAsync(users[1], [paperId, 999]));
        Assert.Null(await votes.SetAsync(users[1], 424242, up: true));

        // A re-import of a newer HF snapshot keeps local votes on top of it.
        await papers.ImportBatchAsync([new ImportRecord(new Paper { ArxivId = "2501.00001", Title = "T", Abstract = "A", HfUpvotes = 10 })]);
        Assert.Equal(11, (await papers.GetAsync("2501.00001"))!.Upvotes);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Two_hundred_concurrent_voters_leave_exact_counts(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var (papers, votes, paperId, users) = await SeedAsync(t.Db, 200, hfUpvotes: 0);
        var rng = new Random(7);
        var plans = users.Select(u => (User: u, Flips: 1 + rng.Next(4))).ToList();
        await Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = 200 }, async (p, ct) =>
        {
            for (var i = 0; i < p.Flips; i++) await votes.ToggleAsync(p.User, paperId, ct);
        });

        var expected = plans.Count(p => p.Flips % 2 == 1);
        await using var c = await t.Db.OpenAsync();
        var rows = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM votes WHERE paper_id = @paperId", new { paperId });
        Assert.Equal(expected, rows);
        Assert.Equal(expected, (await papers.GetAsync("2501.00001"))!.Upvotes);
    }
}
