using System.Globalization;
using System.Text.Json;
using Dapper;
using DailyPapers.Ingest;
using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Storage;
using DailyPapers.Tests.Storage;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DailyPapers.Tests.Ingest;

/// <summary>
/// Issue 15.7: brand-new papers are written in bulk (binary COPY / multi-row INSERTs); the result must be exactly what
/// the record-by-record merge path writes, in every table.
/// </summary>
public sealed class BulkImportTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 3, 4, 5, 6, TimeSpan.Zero);
    private static readonly string[] AllFixtures =
        [Fixtures.HfSlice, Fixtures.Hf2024, Fixtures.Hf2025, Fixtures.Hf2026, Fixtures.Kaggle, Fixtures.Atom];

    private static PaperStore Store(Database db, bool bulk) => new(db, new FakeTimeProvider(Now)) { BulkInsertNew = bulk };

    private static ImportRecord Record(string id, int upvotes, int? version, string day = "2025-06-16") => new(
        new Paper
        {
            ArxivId = id,
            Version = version,
            Title = $"Paper {id}",
            Abstract = "An abstract.",
            PublishedAt = DateTimeOffset.Parse("2025-06-12T17:00:00Z", CultureInfo.InvariantCulture),
            Categories = ["cs.LG"],
            HfUpvotes = upvotes,
            Organization = new OrganizationRef("example-org") { FullName = "Example Org" },
            Authors =
            [
                new PaperAuthor("Ada Lovelace") { Status = AuthorStatus.ClaimedVerified, User = new UserRef("ada") { FullName = "Ada L." } },
                new PaperAuthor("Alan Turing") { Hidden = true, Affiliation = "Manchester" },
            ],
            Versions = version is { } v ? Enumerable.Range(1, v).Select(n => new PaperVersion(n, DateTimeOffset.Parse("2025-06-12T17:00:00Z", CultureInfo.InvariantCulture).AddDays(n))).ToList() : [],
        },
        new DailyEntry
        {
            ArxivId = id,
            FeedDate = DateOnly.Parse(day, CultureInfo.InvariantCulture),
            SubmittedAt = DateTimeOffset.Parse(day + "T08:00:00.123Z", CultureInfo.InvariantCulture),
            SubmittedBy = new UserRef("alice") { FullName = "Alice" },
            Organization = new OrganizationRef("example-org"),
            NumComments = 3,
            IsAuthorParticipating = true,
        });

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Bulk_imported_papers_are_row_for_row_what_the_merge_path_writes(string dialect)
    {
        await using var merged = await TestDatabase.CreateAsync(dialect);
        await using var bulk = await TestDatabase.CreateAsync(dialect);
        // Small batches so papers repeated across fixtures meet both in one batch and in later ones.
        var options = new ImportOptions { BatchSize = 37 };
        var viaMerge = await new Importer(Store(merged.Db, bulk: false)).ImportFilesAsync(AllFixtures.Select(Fixtures.Get).ToList(), options);
        var viaBulk = await new Importer(Store(bulk.Db, bulk: true)).ImportFilesAsync(AllFixtures.Select(Fixtures.Get).ToList(), options);

        Assert.Equal(viaMerge, viaBulk);
        Assert.True(viaBulk.New > 250, viaBulk.ToString());
        var expected = await DumpAsync(merged.Db);
        var actual = await DumpAsync(bulk.Db);
        foreach (var table in expected.Keys)
        {
            Assert.True(expected[table].Count > 0, $"{table} is empty: the comparison would prove nothing");
            Assert.Equal(expected[table], actual[table]);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task A_batch_mixing_new_and_stored_papers_bulk_inserts_the_new_merges_the_rest_and_reimport_is_0_new_0_updated(string dialect)
    {
        await using var merged = await TestDatabase.CreateAsync(dialect);
        await using var bulk = await TestDatabase.CreateAsync(dialect);
        ImportRecord[] first = [Record("2506.00001", 5, 1), Record("2506.00002", 9, 1), Record("2506.00003", 1, 1)];
        // Stored and newer (updated), stored and the same (unchanged), new, new twice in one batch (a second day).
        ImportRecord[] mixed =
        [
            Record("2506.00001", 7, 2), Record("2506.00002", 9, 1), Record("2506.00004", 2, 1),
            Record("2506.00005", 3, 1), Record("2506.00005", 3, 2, "2025-06-17"),
        ];
        foreach (var t in new[] { merged, bulk })
        {
            var store = Store(t.Db, bulk: t == bulk);
            Assert.All(await store.ImportBatchAsync(first), o => Assert.Equal(ImportOutcome.New, o));
            Assert.Equal(
                [ImportOutcome.Updated, ImportOutcome.Unchanged, ImportOutcome.New, ImportOutcome.New, ImportOutcome.New],
                await store.ImportBatchAsync(mixed));
            Assert.All(await store.ImportBatchAsync([.. first.Skip(2), .. mixed]), o => Assert.Equal(ImportOutcome.Unchanged, o));
        }
        var expected = await DumpAsync(merged.Db);
        var actual = await DumpAsync(bulk.Db);
        foreach (var table in expected.Keys) Assert.Equal(expected[table], actual[table]);
        Assert.Equal(2, (await bulk.Db.OpenAsync()).ExecuteScalar<int>("SELECT COUNT(*) FROM paper_versions WHERE paper_id = (SELECT id FROM papers WHERE arxiv_id = '2506.00005')"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Reimporting_every_fixture_after_a_bulk_import_is_0_new_0_updated(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var importer = new Importer(Store(t.Db, bulk: true));
        var files = AllFixtures.Select(Fixtures.Get).ToList();
        var once = await importer.ImportFilesAsync(files);
        var again = await importer.ImportFilesAsync(files);
        Assert.True(once.New > 250, once.ToString());
        Assert.Equal(0, again.New);
        Assert.Equal(0, again.Updated);
        Assert.Equal(once.Total, again.Unchanged);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task A_record_the_database_refuses_mid_batch_keeps_everything_before_it_and_names_its_line(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var path = Fixtures.Get(Fixtures.Kaggle);
        const int badLine = 120; // in the third batch of 50
        var badId = JsonDocument.Parse(File.ReadLines(path).Skip(badLine - 1).First()).RootElement.GetProperty("id").GetString()!;
        await using (var c = await t.Db.OpenAsync())
            await c.ExecuteAsync(dialect == "postgres"
                ? $"""
                  CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
                  BEGIN IF NEW.arxiv_id = '{badId}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$;
                  CREATE TRIGGER refuse_one BEFORE INSERT ON papers FOR EACH ROW EXECUTE FUNCTION refuse_one();
                  """
                : $"CREATE TRIGGER refuse_one BEFORE INSERT ON papers WHEN NEW.arxiv_id = '{badId}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
        var log = new List<string>();
        var importer = new Importer(Store(t.Db, bulk: true), log.Add);

        var e = await Assert.ThrowsAsync<ImportFailedException>(() => importer.ImportFilesAsync([path], new ImportOptions { BatchSize = 50 }));

        Assert.StartsWith($"import: {path}:{badLine}: {badId}: the database refused it:", e.Message);
        Assert.Contains("refused by the test", e.Message);
        Assert.Equal(badLine - 1, e.Committed.New);
        Assert.Contains(log, l => l.Contains("(lines 101–150) failed", StringComparison.Ordinal));
        var store = Store(t.Db, bulk: true);
        Assert.Equal(badLine - 1, (await store.CountAsync()).Papers);
        await using (var c = await t.Db.OpenAsync())
        {
            Assert.Equal(badLine - 1, await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM paper_changes"));
            await c.ExecuteAsync("DROP TRIGGER refuse_one" + (dialect == "postgres" ? " ON papers" : ""));
        }
        // The rest arrives with the next run; what was kept counts as unchanged.
        var rest = await importer.ImportFilesAsync([path], new ImportOptions { BatchSize = 50 });
        Assert.Equal(200 - (badLine - 1), rest.New);
        Assert.Equal(badLine - 1, rest.Unchanged);
    }

    [Fact]
    public async Task A_long_index_catch_up_after_a_bulk_import_reports_its_progress()
    {
        await using var t = await TestDatabase.CreateAsync("sqlite");
        var store = Store(t.Db, bulk: true);
        var records = Enumerable.Range(1, 5_000).Select(i => Record($"2506.{i:D5}", i % 50, 1)).ToList();
        foreach (var chunk in records.Chunk(2_000)) await store.ImportBatchAsync(chunk);
        using var index = LuceneIndex.InMemory();
        var log = new List<string>();
        var follower = new IndexFollower(index, store, log.Add) { ProgressInterval = TimeSpan.Zero };

        Assert.Equal(5_000, await follower.CatchUpAsync());

        Assert.Equal(5_000, index.Count);
        Assert.Contains(log, l => l.StartsWith("index: catching up 2,000 / 5,000 changes (40%)", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("index: catching up 4,000 / 5,000 changes (80%)", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("index: caught up, 5,000 papers", StringComparison.Ordinal));
        // A short catch-up says nothing.
        log.Clear();
        await store.ImportBatchAsync([Record("2507.00001", 1, 1)]);
        Assert.Equal(1, await new IndexFollower(index, store, log.Add).CatchUpAsync());
        Assert.Empty(log);
    }

    /// <summary>Every table an import writes, by natural keys (arXiv id, handle, organisation name) rather than surrogate ids.</summary>
    private static async Task<Dictionary<string, List<string>>> DumpAsync(Database db)
    {
        await using var c = await db.OpenAsync();
        var queries = new Dictionary<string, string>
        {
            ["papers"] = """
                SELECT p.arxiv_id, p.version, p.title, p.abstract, p.published_at, p.updated_at, p.categories, p.doi, p.journal_ref,
                    p.comments, p.license, p.submitter, p.github_repo, p.github_stars, p.project_page, p.ai_summary, p.ai_keywords,
                    p.thumbnail, p.media_urls, p.discussion_id, p.withdrawn_at, o.name AS org, p.hf_upvotes, p.hf_num_comments,
                    p.upvotes, p.num_comments, p.hotness, p.first_featured_at, p.created_at, p.modified_at
                FROM papers p LEFT JOIN organizations o ON o.id = p.organization_id ORDER BY p.arxiv_id
                """,
            ["paper_authors"] = """
                SELECT p.arxiv_id, a.position, a.name, a.status, a.hidden, u.handle, a.hf_id, a.status_changed_at, a.affiliation
                FROM paper_authors a JOIN papers p ON p.id = a.paper_id LEFT JOIN users u ON u.id = a.user_id
                ORDER BY p.arxiv_id, a.position
                """,
            ["paper_versions"] = """
                SELECT p.arxiv_id, v.version, v.submitted_at, v.size FROM paper_versions v JOIN papers p ON p.id = v.paper_id
                ORDER BY p.arxiv_id, v.version
                """,
            ["daily_entries"] = """
                SELECT p.arxiv_id, e.feed_date, e.submitted_at, u.handle, o.name AS org, e.title, e.num_comments,
                    e.is_author_participating, e.source, e.created_at, e.comment, e.media_urls
                FROM daily_entries e JOIN papers p ON p.id = e.paper_id LEFT JOIN users u ON u.id = e.submitted_by
                LEFT JOIN organizations o ON o.id = e.organization_id ORDER BY p.arxiv_id, e.feed_date
                """,
            ["users"] = "SELECT handle, full_name, avatar_url, hf_id, is_pro, origin, created_at FROM users ORDER BY handle",
            ["organizations"] = "SELECT name, full_name, avatar_url, hf_id, created_at FROM organizations ORDER BY name",
            // The change log as the index sees it: which papers changed how often (seqs are assigned in batch order).
            ["paper_changes"] = """
                SELECT p.arxiv_id, ch.changed_at FROM paper_changes ch JOIN papers p ON p.id = ch.paper_id
                ORDER BY p.arxiv_id, ch.changed_at
                """,
        };
        var dump = new Dictionary<string, List<string>>();
        foreach (var (table, sql) in queries)
        {
            var rows = await c.QueryAsync(sql);
            dump[table] = rows.Select(r => string.Join(" | ", ((IDictionary<string, object?>)r)
                .Select(kv => $"{kv.Key}={Convert.ToString(kv.Value, CultureInfo.InvariantCulture)}"))).ToList();
        }
        return dump;
    }
}
