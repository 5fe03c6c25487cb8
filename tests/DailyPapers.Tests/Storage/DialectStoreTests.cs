using DailyPapers.Ingest;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Storage;

/// <summary>The paper store's import and reads on both dialects (same SQL, same results).</summary>
public sealed class DialectStoreTests
{
    private static ImportRecord Record(string id, string day, int upvotes, string? submitter = "alice", int? version = null) => new(
        new Paper
        {
            ArxivId = id,
            Version = version,
            Title = $"Paper {id}\n  with a wrapped title",
            Abstract = "First line\nsecond line.\n  Second paragraph.",
            PublishedAt = DateTimeOffset.Parse("2025-06-12T17:00:00Z"),
            Categories = ["cs.LG", "cs.CL"],
            HfUpvotes = upvotes,
            AiKeywords = ["alpha", "beta"],
            GithubRepo = "https://github.com/example/repo",
            GithubStars = 12,
            Organization = new OrganizationRef("example-org") { FullName = "Example Org" },
            Authors =
            [
                new PaperAuthor("Ada Lovelace") { Status = AuthorStatus.ClaimedVerified, User = new UserRef("ada") { FullName = "Ada L." } },
                new PaperAuthor("Alan Turing") { Hidden = true },
            ],
            Versions = version is { } v ? [new PaperVersion(v, DateTimeOffset.Parse("2025-06-12T17:00:00Z"))] : [],
        },
        new DailyEntry
        {
            ArxivId = id,
            FeedDate = DateOnly.Parse(day),
            SubmittedAt = DateTimeOffset.Parse(day + "T08:00:00.123Z"),
            SubmittedBy = submitter is null ? null : new UserRef(submitter) { FullName = "Alice" },
            NumComments = 3,
            IsAuthorParticipating = true,
        });

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Import_then_read_back_is_identical_and_reimport_changes_nothing(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var store = new PaperStore(t.Db);
        var batch = new[] { Record("2506.00001", "2025-06-16", 5), Record("2506.00002", "2025-06-16", 9, version: 2), Record("2506.00003", "2025-06-13", 1, null) };

        var first = await store.ImportBatchAsync(batch);
        Assert.All(first, o => Assert.Equal(ImportOutcome.New, o));
        var again = await store.ImportBatchAsync(batch);
        Assert.All(again, o => Assert.Equal(ImportOutcome.Unchanged, o));

        var view = await store.GetAsync("2506.00002");
        Assert.NotNull(view);
        Assert.Equal("Paper 2506.00002 with a wrapped title", view.Paper.Title);
        Assert.Equal("First line second line.\n\nSecond paragraph.", view.Paper.Abstract);
        Assert.Equal(2, view.Paper.Version);
        Assert.Equal(["cs.LG", "cs.CL"], view.Paper.Categories);
        Assert.Equal(["alpha", "beta"], view.Paper.AiKeywords);
        Assert.Equal(9, view.Upvotes);
        Assert.Equal(3, view.NumComments);
        Assert.Equal("example-org", view.Paper.Organization?.Name);
        Assert.Equal(2, view.Paper.Authors.Count);
        Assert.Equal("ada", view.Paper.Authors[0].User?.Handle);
        Assert.Equal(AuthorStatus.ClaimedVerified, view.Paper.Authors[0].Status);
        Assert.True(view.Paper.Authors[1].Hidden);
        var entry = Assert.Single(view.Entries);
        Assert.Equal(new DateOnly(2025, 6, 16), entry.FeedDate);
        Assert.Equal("alice", entry.SubmittedBy?.Handle);
        Assert.Equal(DateTimeOffset.Parse("2025-06-16T08:00:00.123Z"), entry.SubmittedAt);
        Assert.True(entry.IsAuthorParticipating);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task A_paper_new_and_then_revised_in_one_batch_keeps_the_revision_and_its_entries(string dialect)
    {
        // On PostgreSQL the importer queues author/version/entry rows; the revision's own DELETEs must come after them.
        await using var t = await TestDatabase.CreateAsync(dialect);
        var store = new PaperStore(t.Db);
        // v1 without a feed entry: nothing is read back for it, so its rows are still queued when v2 arrives.
        var v1 = Record("2506.00009", "2025-06-13", 2, version: 1) with { Entry = null };
        var v2 = Record("2506.00009", "2025-06-16", 7, version: 2);
        v2 = v2 with { Paper = v2.Paper with { Authors = [new PaperAuthor("Grace Hopper"), new PaperAuthor("Ada Lovelace"), new PaperAuthor("Alan Turing")] } };
        var outcomes = await store.ImportBatchAsync([v1, v2, Record("2506.00010", "2025-06-13", 1)]);
        Assert.Equal([ImportOutcome.New, ImportOutcome.New, ImportOutcome.New], outcomes);

        var view = await store.GetAsync("2506.00009");
        Assert.NotNull(view);
        Assert.Equal(2, view.Paper.Version);
        Assert.Equal(["Grace Hopper", "Ada Lovelace", "Alan Turing"], view.Paper.Authors.Select(a => a.Name));
        Assert.Equal([1, 2], view.Paper.Versions.Select(v => v.Version).Order());
        Assert.Equal([new DateOnly(2025, 6, 16)], view.Entries.Select(e => e.FeedDate));
        Assert.Equal(7, view.Upvotes);
        Assert.NotNull(await store.GetAsync("2506.00010"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Feed_reads_sort_page_and_find_neighbour_days(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var store = new PaperStore(t.Db);
        await store.ImportBatchAsync([
            Record("2506.00001", "2025-06-16", 5), Record("2506.00002", "2025-06-16", 9),
            Record("2506.00003", "2025-06-13", 1), Record("2506.00004", "2025-06-18", 2, "bob"),
        ]);

        var day = await store.GetFeedAsync(new FeedQuery(new DateOnly(2025, 6, 16), new DateOnly(2025, 6, 16)) { Sort = FeedSort.Upvotes });
        Assert.Equal(2, day.Total);
        Assert.Equal(["2506.00002", "2506.00001"], day.Items.Select(i => i.Paper.Paper.ArxivId));

        var (prev, next) = await store.GetNeighbourDatesAsync(new DateOnly(2025, 6, 16), new DateOnly(2025, 6, 16));
        Assert.Equal(new DateOnly(2025, 6, 13), prev);
        Assert.Equal(new DateOnly(2025, 6, 18), next);

        var bob = await store.GetFeedAsync(new FeedQuery(new DateOnly(2025, 6, 1), new DateOnly(2025, 6, 30)) { Submitter = "bob" });
        Assert.Equal("2506.00004", Assert.Single(bob.Items).Paper.Paper.ArxivId);

        var paged = await store.GetFeedAsync(new FeedQuery(new DateOnly(2025, 6, 1), new DateOnly(2025, 6, 30)) { Sort = FeedSort.PublishedAt, Offset = 1, Limit = 2 });
        Assert.Equal(4, paged.Total);
        Assert.Equal(["2506.00001", "2506.00002"], paged.Items.Select(i => i.Paper.Paper.ArxivId).Order());

        var (all, cursor) = await store.ListAsync(null, 3);
        Assert.Equal(3, all.Count);
        Assert.NotNull(cursor);
        var (rest, end) = await store.ListAsync(cursor, 3);
        Assert.Single(rest);
        Assert.Null(end);
        Assert.Equal(4, all.Concat(rest).Select(p => p.Paper.ArxivId).Distinct().Count());

        var changes = await store.GetChangesAsync(0, 100);
        Assert.Equal(4, changes.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task An_import_never_attaches_hf_people_to_a_local_account_with_their_handle(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        await using (var c = await t.Db.OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(c, "INSERT INTO users (handle, full_name, origin, created_at) VALUES ('alice', 'Local Alice', 'local', '2025-01-01T00:00:00.000Z')");
        var store = new PaperStore(t.Db);
        var rec = Record("2506.00009", "2025-06-16", 1, submitter: "alice");

        Assert.Equal(ImportOutcome.New, Assert.Single(await store.ImportBatchAsync([rec])));
        var entry = Assert.Single((await store.GetAsync("2506.00009"))!.Entries);
        Assert.Equal(PaperStore.HfHandlePrefix + "alice", entry.SubmittedBy?.Handle);
        await using (var c = await t.Db.OpenAsync())
            Assert.Equal("Local Alice", await Dapper.SqlMapper.ExecuteScalarAsync<string>(c, "SELECT full_name FROM users WHERE handle = 'alice'"));
        Assert.Equal(ImportOutcome.Unchanged, Assert.Single(await store.ImportBatchAsync([rec])));
    }
}
