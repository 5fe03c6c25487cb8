using DailyPapers.Community;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Storage;
using Dapper;
using Microsoft.Extensions.Time.Testing;

namespace DailyPapers.Tests.Community;

/// <summary>SubmissionStore on both dialects: featuring, the rules against stored data, and concurrent submitters.</summary>
public sealed class SubmissionStoreTests
{
    private static readonly DateTimeOffset Wednesday = new(2026, 9, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly SubmissionSettings Settings = new();

    private static Paper Fetched(string id) => new()
    {
        ArxivId = id, Version = 1, Title = "A fetched paper", Abstract = "From the arXiv API.", PublishedAt = Wednesday.AddDays(-2),
        Authors = [new PaperAuthor("Ada Lovelace")],
    };

    private static SubmissionRequest Request(string id, string? org = null) => new(ArxivId.Parse(id), org, "a note", ["https://example.org/v"]);

    private static async Task<long[]> UsersAsync(Database db, int n)
    {
        var accounts = new AccountStore(db);
        var ids = new long[n];
        for (var i = 0; i < n; i++)
            ids[i] = (await accounts.CreateAsync($"user{i}", $"user{i}@example.org", "pbkdf2-sha512$1$AAAA$AAAA", confirmed: true)).Id;
        return ids;
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Featuring_stores_the_paper_writes_the_entry_and_logs_the_change(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var store = new SubmissionStore(t.Db, new FakeTimeProvider(Wednesday));
        var user = (await UsersAsync(t.Db, 1))[0];
        await using (var c = await t.Db.OpenAsync())
            await c.ExecuteAsync("INSERT INTO organizations (name, full_name, created_at) VALUES ('google', 'Google', '2024-01-01T00:00:00.000Z')");

        var first = await store.SubmitAsync(user, Request("2609.00001", "Google"), Settings);
        Assert.Equal(SubmitOutcome.NeedsFetch, first.Outcome);
        var done = await store.SubmitAsync(user, Request("2609.00001", "Google"), Settings, Fetched("2609.00001"));
        Assert.Equal(SubmitOutcome.Featured, done.Outcome);
        Assert.Equal(new DateOnly(2026, 9, 2), done.FeedDate);

        var note = await store.GetNoteAsync(done.PaperId);
        Assert.Equal(("user0", "google", "a note"), (note!.Handle, note.OrganizationName, note.Comment));
        Assert.Equal(["https://example.org/v"], note.MediaUrls);
        var view = (await new PaperStore(t.Db).GetAsync("2609.00001"))!;
        Assert.Equal(Wednesday, view.FirstFeaturedAt);
        Assert.Equal(["https://example.org/v"], view.Paper.MediaUrls);
        Assert.Equal("submitted", view.Entries.Single().Source);
        Assert.Contains((await new PaperStore(t.Db).GetChangesAsync(0, 100)), ch => ch.PaperId == done.PaperId);
        Assert.Equal(1, await store.CountTodayAsync(user));

        Assert.Equal(SubmitOutcome.UnknownOrganization, (await store.SubmitAsync(user, Request("2609.00002", "nolab"), Settings)).Outcome);
        var again = await store.SubmitAsync(user, Request("2609.00001"), Settings);
        Assert.Equal((SubmitOutcome.Duplicate, new DateOnly(2026, 9, 2)), (again.Outcome, again.FeedDate));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task An_hf_import_of_the_same_day_keeps_the_local_submitter_and_organisation(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var store = new SubmissionStore(t.Db, new FakeTimeProvider(Wednesday));
        var user = (await UsersAsync(t.Db, 1))[0];
        await using (var c = await t.Db.OpenAsync())
            await c.ExecuteAsync("INSERT INTO organizations (name, full_name, created_at) VALUES ('google', 'Google', '2024-01-01T00:00:00.000Z')");
        var done = await store.SubmitAsync(user, Request("2609.00031", "google"), Settings, Fetched("2609.00031"));
        Assert.Equal(SubmitOutcome.Featured, done.Outcome);

        // HF's daily papers feature the same paper on the same day, submitted there by someone else (whose HF
        // handle equals the local account's: the import must not touch the account either).
        var hf = new ImportRecord(Fetched("2609.00031"), new DailyEntry
        {
            ArxivId = "2609.00031", FeedDate = new DateOnly(2026, 9, 2), SubmittedAt = Wednesday.AddHours(3),
            SubmittedBy = new UserRef("user0") { FullName = "Someone on HF" }, Organization = new OrganizationRef("meta"), NumComments = 4,
        });
        var papers = new PaperStore(t.Db);
        Assert.Equal(ImportOutcome.Updated, Assert.Single(await papers.ImportBatchAsync([hf])));
        Assert.Equal(ImportOutcome.Unchanged, Assert.Single(await papers.ImportBatchAsync([hf])));

        var note = await store.GetNoteAsync(done.PaperId);
        Assert.Equal(("user0", "google", "a note"), (note!.Handle, note.OrganizationName, note.Comment));
        var entry = Assert.Single((await papers.GetAsync("2609.00031"))!.Entries);
        Assert.Equal((Wednesday, "submitted", 4), (entry.SubmittedAt, entry.Source, entry.NumComments));
        await using (var c = await t.Db.OpenAsync())
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE handle = 'hf:user0'"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_submitters_of_one_paper_give_exactly_one_entry(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var store = new SubmissionStore(t.Db, new FakeTimeProvider(Wednesday));
        var users = await UsersAsync(t.Db, 6);
        for (var round = 0; round < 3; round++)
        {
            var id = $"2609.1000{round}";
            var results = await Task.WhenAll(users.Select(u => Task.Run(() => store.SubmitAsync(u, Request(id), Settings, Fetched(id)))));
            Assert.Single(results, r => r.Outcome == SubmitOutcome.Featured);
            Assert.All(results.Where(r => r.Outcome != SubmitOutcome.Featured), r => Assert.Equal(SubmitOutcome.Duplicate, r.Outcome));
            await using var c = await t.Db.OpenAsync();
            Assert.Equal(1L, await c.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM daily_entries e JOIN papers p ON p.id = e.paper_id WHERE p.arxiv_id = @id", new { id }));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Rules_read_the_stored_facts_quota_claims_and_publication_date(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var clock = new FakeTimeProvider(Wednesday);
        var store = new SubmissionStore(t.Db, clock);
        var user = (await UsersAsync(t.Db, 1))[0];
        var quota = Settings with { DailyQuotaPerUser = 1 };
        Assert.Equal(SubmitOutcome.Featured, (await store.SubmitAsync(user, Request("2609.20001"), quota, Fetched("2609.20001"))).Outcome);
        var over = await store.SubmitAsync(user, Request("2609.20002"), quota, Fetched("2609.20002"));
        Assert.Equal((SubmitOutcome.Refused, SubmissionRefusalKind.Quota), (over.Outcome, over.Kind));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(SubmitOutcome.Featured, (await store.SubmitAsync(user, Request("2609.20002"), quota, Fetched("2609.20002"))).Outcome);

        var old = Fetched("2609.20003") with { PublishedAt = clock.GetUtcNow().AddDays(-20) };
        var tooOld = await store.SubmitAsync(user, Request("2609.20003"), Settings, old);
        Assert.Equal(SubmissionRefusalKind.TooOld, tooOld.Kind);
        await using (var c = await t.Db.OpenAsync())
            Assert.Equal(0L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM papers WHERE arxiv_id = '2609.20003'"));

        var authors = Settings with { WhoMaySubmit = SubmitterPolicy.ClaimedAuthors };
        Assert.Equal(SubmissionRefusalKind.NotAllowed, (await store.SubmitAsync(user, Request("2609.20004"), authors, Fetched("2609.20004"))).Kind);
        await using (var c = await t.Db.OpenAsync())
            await c.ExecuteAsync("UPDATE paper_authors SET user_id = @user, status = 'claimed_verified' WHERE paper_id = (SELECT id FROM papers WHERE arxiv_id = '2609.20001')", new { user });
        Assert.Equal(SubmitOutcome.Featured, (await store.SubmitAsync(user, Request("2609.20004"), authors, Fetched("2609.20004"))).Outcome);
    }
}
