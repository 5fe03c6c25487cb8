using System.Text.Json.Nodes;
using DailyPapers.Community;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Storage;
using Dapper;
using Microsoft.Extensions.Time.Testing;

namespace DailyPapers.Tests.Community;

/// <summary>CollectionStore and the user data export on both dialects.</summary>
public sealed class CollectionStoreTests
{
    private const string Hash = "pbkdf2-sha512$1$AAAA$AAAA";

    private sealed record Seed(CollectionStore Store, PaperStore Papers, long Ada, long Bob, long[] PaperIds, FakeTimeProvider Clock);

    private static async Task<Seed> SeedAsync(Database db, int papers = 4)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T10:00:00Z"));
        var paperStore = new PaperStore(db, clock);
        await paperStore.ImportBatchAsync(Enumerable.Range(1, papers).Select(i => new ImportRecord(
            new Paper { ArxivId = $"2501.{i:D5}", Title = $"Paper {i}", Abstract = "A" },
            new DailyEntry { ArxivId = $"2501.{i:D5}", FeedDate = new DateOnly(2025, 1, 2) })).ToList());
        var ids = new long[papers];
        for (var i = 0; i < papers; i++) ids[i] = (await paperStore.GetAsync($"2501.{i + 1:D5}"))!.Id;
        var accounts = new AccountStore(db, clock);
        var ada = (await accounts.CreateAsync("ada", "ada@example.org", Hash)).Id;
        var bob = (await accounts.CreateAsync("bob", "bob@example.org", Hash)).Id;
        return new Seed(new CollectionStore(db, clock), paperStore, ada, bob, ids, clock);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Create_picks_unique_slugs_per_owner_and_lists_private_ones_only_when_asked(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var s = await SeedAsync(t.Db);
        var (o1, a) = await s.Store.CreateAsync(s.Ada, "Reading list", "mine", isPrivate: false);
        var (_, b) = await s.Store.CreateAsync(s.Ada, "Reading  LIST!", "", isPrivate: true);
        var (_, c) = await s.Store.CreateAsync(s.Bob, "Reading list", "", isPrivate: false);
        Assert.Equal(CreateCollectionOutcome.Created, o1);
        Assert.Equal(("reading-list", "reading-list-2", "reading-list"), (a!.Slug, b!.Slug, c!.Slug));
        Assert.Equal(("ada", "mine", false, 0), (a.OwnerHandle, a.Description, a.IsPrivate, a.ItemCount));
        Assert.True(b.IsPrivate);

        Assert.Equal(a.Id, (await s.Store.FindAsync("ADA", "reading-list"))!.Id);
        Assert.Equal(c.Id, (await s.Store.FindAsync("bob", "reading-list"))!.Id);
        Assert.Null(await s.Store.FindAsync("bob", "reading-list-2"));
        Assert.Equal([a.Id], (await s.Store.ListByOwnerAsync(s.Ada, includePrivate: false)).Select(x => x.Id));
        Assert.Equal(2, (await s.Store.ListByOwnerAsync(s.Ada, includePrivate: true)).Count);

        // Renaming keeps the slug (shared links keep working); visibility flips.
        s.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await s.Store.UpdateAsync(a.Id, "Renamed", "new", isPrivate: true));
        var renamed = (await s.Store.GetAsync(a.Id))!;
        Assert.Equal(("Renamed", "new", true, "reading-list"), (renamed.Title, renamed.Description, renamed.IsPrivate, renamed.Slug));
        Assert.Equal(s.Clock.GetUtcNow(), renamed.UpdatedAt);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Items_append_in_order_move_take_notes_and_leave(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var s = await SeedAsync(t.Db);
        var col = (await s.Store.CreateAsync(s.Ada, "List", "", false)).Collection!;
        foreach (var id in s.PaperIds)
        {
            s.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(AddItemOutcome.Added, await s.Store.AddItemAsync(col.Id, id, id == s.PaperIds[0] ? "first!" : ""));
        }
        Assert.Equal(AddItemOutcome.AlreadyThere, await s.Store.AddItemAsync(col.Id, s.PaperIds[0], "other"));
        async Task<string[]> Order() => (await s.Store.ItemsAsync(col.Id)).Select(i => i.ArxivId[^1..]).ToArray();
        Assert.Equal(["1", "2", "3", "4"], await Order());
        Assert.Equal("first!", (await s.Store.ItemsAsync(col.Id))[0].Note);

        Assert.True(await s.Store.MoveItemAsync(col.Id, s.PaperIds[3], 0));
        Assert.Equal(["4", "1", "2", "3"], await Order());
        Assert.True(await s.Store.MoveItemAsync(col.Id, s.PaperIds[3], int.MaxValue));
        Assert.Equal(["1", "2", "3", "4"], await Order());
        Assert.True(await s.Store.MoveItemAsync(col.Id, s.PaperIds[1], 2));
        Assert.Equal(["1", "3", "2", "4"], await Order());

        Assert.True(await s.Store.RemoveItemAsync(col.Id, s.PaperIds[2]));
        Assert.False(await s.Store.RemoveItemAsync(col.Id, s.PaperIds[2]));
        Assert.False(await s.Store.MoveItemAsync(col.Id, s.PaperIds[2], 0));
        Assert.Equal(["1", "2", "4"], await Order());
        // A paper added after a removal goes to the end, not into the gap.
        Assert.Equal(AddItemOutcome.Added, await s.Store.AddItemAsync(col.Id, s.PaperIds[2], ""));
        Assert.Equal(["1", "2", "4", "3"], await Order());

        Assert.True(await s.Store.SetNoteAsync(col.Id, s.PaperIds[1], "see §3"));
        Assert.Equal("see §3", (await s.Store.ItemsAsync(col.Id))[1].Note);
        Assert.Equal(4, (await s.Store.GetAsync(col.Id))!.ItemCount);
        Assert.Equal([col.Id], await s.Store.CollectionsHoldingAsync(s.Ada, s.PaperIds[1]));
        Assert.Empty(await s.Store.CollectionsHoldingAsync(s.Bob, s.PaperIds[1]));
        Assert.Equal(4, (await s.Store.MembershipsAsync(s.Ada, 100)).Count);

        Assert.True(await s.Store.DeleteAsync(col.Id));
        await using var c = await t.Db.OpenAsync();
        Assert.Equal(0L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM collection_items"));
        Assert.Equal(AddItemOutcome.NoSuchCollection, await s.Store.AddItemAsync(col.Id, s.PaperIds[0], ""));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Limits_of_items_per_collection_and_collections_per_user(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var s = await SeedAsync(t.Db, papers: CollectionRules.MaxItems + 1);
        var col = (await s.Store.CreateAsync(s.Ada, "Big", "", false)).Collection!;
        await using (var c = await t.Db.OpenAsync())
        {
            // Fill to the limit in one statement, leaving out the last paper.
            await c.ExecuteAsync("""
                INSERT INTO collection_items (collection_id, paper_id, position, note, added_at)
                SELECT @id, p.id, CAST(p.id AS INTEGER), '', '2026-03-02T10:00:00.000Z' FROM papers p WHERE p.id <> @last
                """, new { id = col.Id, last = s.PaperIds[^1] });
            for (var i = 1; i < CollectionRules.MaxCollectionsPerUser; i++)
                await c.ExecuteAsync("INSERT INTO collections (user_id, slug, title, created_at, updated_at) VALUES (@u, @slug, 'x', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
                    new { u = s.Ada, slug = $"c{i}" });
        }
        Assert.Equal(AddItemOutcome.Full, await s.Store.AddItemAsync(col.Id, s.PaperIds[^1], ""));
        Assert.Equal(CollectionRules.MaxItems, (await s.Store.GetAsync(col.Id))!.ItemCount);
        Assert.Equal(CreateCollectionOutcome.TooMany, (await s.Store.CreateAsync(s.Ada, "One more", "", false)).Outcome);
        Assert.Equal(CreateCollectionOutcome.Created, (await s.Store.CreateAsync(s.Bob, "One more", "", false)).Outcome);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Export_holds_profile_votes_submissions_and_collections_and_deleting_the_account_drops_collections(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var s = await SeedAsync(t.Db);
        await new VoteStore(t.Db, s.Clock).SetAsync(s.Ada, s.PaperIds[1], true);
        await new VoteStore(t.Db, s.Clock).SetAsync(s.Bob, s.PaperIds[2], true);
        await using (var c = await t.Db.OpenAsync())
            await c.ExecuteAsync("UPDATE daily_entries SET submitted_by = @u WHERE paper_id = @p", new { u = s.Ada, p = s.PaperIds[3] });
        var col = (await s.Store.CreateAsync(s.Ada, "Private list", "d", true)).Collection!;
        await s.Store.AddItemAsync(col.Id, s.PaperIds[0], "a note");
        await s.Store.CreateAsync(s.Bob, "Bob's", "", false);
        var comments = new CommentStore(t.Db, s.Clock);
        var said = await comments.AddAsync(s.PaperIds[1], s.Ada, null, "Nice bound: $O(n \\log n)$");
        Assert.Equal(CommentOutcome.Ok, said.Outcome);
        await comments.AddAsync(s.PaperIds[1], s.Bob, said.Comment!.Id, "Bob's reply");

        var export = await new UserDataExport(t.Db, s.Clock).BuildAsync(s.Ada);
        Assert.Equal("dailypapers-user-export", (string?)export["format"]);
        Assert.Equal(UserDataExport.Sections.Select(x => x.Name), export.Select(kv => kv.Key).Skip(3));
        Assert.Equal(("ada", "ada@example.org"), ((string?)export["profile"]!["handle"], (string?)export["profile"]!["email"]));
        var votes = export["votes"]!.AsArray();
        Assert.Equal("2501.00002", (string?)Assert.Single(votes)!["arxiv_id"]);
        Assert.Equal("2026-03-02T10:00:00.000Z", (string?)votes[0]!["voted_at"]);
        var sub = Assert.Single(export["submissions"]!.AsArray())!;
        Assert.Equal(("2501.00004", "2025-01-02"), ((string?)sub["arxiv_id"], (string?)sub["feed_date"]));
        var cols = export["collections"]!.AsArray();
        var only = Assert.Single(cols)!;
        Assert.Equal(("Private list", true), ((string?)only["title"], (bool)only["private"]!));
        var item = Assert.Single(only["items"]!.AsArray())!;
        Assert.Equal(("2501.00001", "a note"), ((string?)item["arxiv_id"], (string?)item["note"]));
        var comment = Assert.Single(export["comments"]!.AsArray())!;
        Assert.Equal(("2501.00002", "Nice bound: $O(n \\log n)$"), ((string?)comment["arxiv_id"], (string?)comment["markdown"]));
        Assert.Empty(export["authorship_claims"]!.AsArray());
        Assert.DoesNotContain("Bob", export.ToJsonString());

        await new AccountStore(t.Db, s.Clock).DeleteAsync(s.Ada);
        Assert.Null(await s.Store.GetAsync(col.Id));
        Assert.Empty(await s.Store.ListByOwnerAsync(s.Ada, includePrivate: true));
        Assert.Single(await s.Store.ListByOwnerAsync(s.Bob, includePrivate: true));
    }
}
