using DailyPapers.Papers;
using DailyPapers.Storage;
using Dapper;

namespace DailyPapers.Tests.Storage;

public sealed class DataMigrationTests
{
    private static ImportRecord Rec(string id, string day, int upvotes) => new(
        new Paper
        {
            ArxivId = id, Title = "T " + id, Abstract = "A " + id, HfUpvotes = upvotes,
            PublishedAt = DateTimeOffset.Parse("2025-01-02T03:04:05.678Z"),
            Authors = [new PaperAuthor("X Y") { Hidden = true, User = new UserRef("xy") }, new PaperAuthor("Z")],
            Versions = [new PaperVersion(1, DateTimeOffset.Parse("2025-01-02T03:04:05Z"))],
        },
        new DailyEntry { ArxivId = id, FeedDate = DateOnly.Parse(day), IsAuthorParticipating = true, SubmittedBy = new UserRef("sub") });

    [Fact]
    public async Task Every_table_of_the_schema_has_a_copy_order()
    {
        await using var t = await TestDatabase.CreateAsync();
        await using var c = await t.Db.OpenAsync();
        var tables = (await c.QueryAsync<string>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_version', 'sqlite_sequence')")).ToHashSet();
        Assert.Equal(tables.Order(), DataMigration.Tables.Select(x => x.Name).Order());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Copies_everything_verifies_and_resumes_with_new_rows(string targetDialect)
    {
        await using var src = await TestDatabase.CreateAsync();
        await using var dst = await TestDatabase.CreateAsync(targetDialect);
        var source = new PaperStore(src.Db);
        await source.ImportBatchAsync([Rec("2501.00001", "2025-01-03", 4), Rec("2501.00002", "2025-01-03", 7)]);
        await new AppState(src.Db).SetAsync("k", "v");

        var first = await new DataMigration(src.Db, dst.Db).RunAsync();
        Assert.All(first, r => Assert.True(r.Ok, $"{r.Table}: {r.SourceRows} vs {r.TargetRows}"));
        Assert.Equal(2, first.Single(r => r.Table == "papers").TargetRows);

        // More data arrives in the lab instance; running again copies only the rest.
        await source.ImportBatchAsync([Rec("2501.00003", "2025-01-04", 1)]);
        var second = await new DataMigration(src.Db, dst.Db).RunAsync();
        Assert.All(second, r => Assert.True(r.Ok, r.Table));
        Assert.Equal(3, second.Single(r => r.Table == "papers").TargetRows);

        // The copy is a working database: reads match and new rows get fresh ids.
        var target = new PaperStore(dst.Db);
        var p = await target.GetAsync("2501.00002");
        Assert.NotNull(p);
        Assert.Equal(7, p.Upvotes);
        Assert.True(p.Paper.Authors[0].Hidden);
        Assert.Equal("xy", p.Paper.Authors[0].User?.Handle);
        Assert.True(p.Entries[0].IsAuthorParticipating);
        var outcome = await target.ImportBatchAsync([Rec("2501.00004", "2025-01-05", 2)]);
        Assert.Equal(ImportOutcome.New, Assert.Single(outcome));
        Assert.Equal("v", await new AppState(dst.Db).GetAsync("k"));
    }
}
