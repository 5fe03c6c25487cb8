using DailyPapers.Tests.Storage;
using DailyPapers.Ingest;
using DailyPapers.Papers;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Ingest;

public class ImporterTests
{
    private static (Importer Importer, List<string> Log) NewImporter(TempDb tmp)
    {
        var log = new List<string>();
        return (new Importer(tmp.Store(), log.Add), log);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Importing_the_2025_06_16_response_gives_its_9_entries_on_that_day(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var (importer, _) = NewImporter(tmp);
        var counts = await importer.ImportFilesAsync([Fixtures.Get(Fixtures.Hf2025)]);
        Assert.Equal(new ImportCounts(9, 0, 0, 0), counts);

        var day = new DateOnly(2025, 6, 16);
        var feed = await tmp.Store().GetFeedAsync(new FeedQuery(day, day));
        Assert.Equal(9, feed.Total);
        Assert.Equal(9, feed.Items.Count);
        Assert.Contains(feed.Items, i => i.Paper.Paper.ArxivId == "2506.11924" && i.Entry.SubmittedBy?.Handle == "bracio9623");
        Assert.Equal(0, (await tmp.Store().GetFeedAsync(new FeedQuery(day.AddDays(-1), day.AddDays(-1)))).Total);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Malformed_kaggle_lines_are_reported_with_file_and_line_while_the_rest_import(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var (importer, log) = NewImporter(tmp);
        var path = Fixtures.Get(Fixtures.KaggleMalformed);
        var counts = await importer.ImportFilesAsync([path]);
        Assert.Equal(new ImportCounts(7, 0, 0, 5), counts);
        Assert.Contains(log, l => l.StartsWith($"{path}:2: invalid JSON"));
        Assert.Contains($"{path}:4: missing \"id\"", log);
        Assert.Contains(log, l => l.StartsWith($"{path}:6: invalid \"id\": not an arXiv id: \"not-an-id\""));
        Assert.Contains($"{path}:8: 0704.0008: missing \"title\"", log);
        Assert.Contains($"{path}:10: 0704.0010: missing \"abstract\"", log);
        Assert.Equal(7, (await tmp.Store().CountAsync()).Papers);
        Assert.NotNull(await tmp.Store().GetAsync("0704.0012"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Malformed_hf_lines_are_reported_with_file_and_line_while_the_rest_import(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var (importer, log) = NewImporter(tmp);
        var path = Fixtures.Get(Fixtures.HfMalformed);
        var counts = await importer.ImportFilesAsync([path]);
        Assert.Equal(new ImportCounts(7, 0, 0, 3), counts);
        Assert.Contains(log, l => l.StartsWith($"{path}:3: invalid JSON"));
        Assert.Contains($"{path}:6: missing \"paper.id\"", log);
        Assert.Contains(log, l => l.StartsWith($"{path}:9: invalid \"_feed_date\" \"2025-13-40\""));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Strict_writes_nothing_when_any_record_is_rejected(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var (importer, _) = NewImporter(tmp);
        var good = Fixtures.Get(Fixtures.Hf2025);
        var bad = Fixtures.Get(Fixtures.KaggleMalformed);
        var e = await Assert.ThrowsAsync<ImportRejectedException>(() =>
            importer.ImportFilesAsync([good, bad], new ImportOptions { Strict = true }));
        Assert.Equal(5, e.Rejected);
        Assert.Contains("5 of 21 records rejected, nothing imported", e.Message);
        Assert.Contains($"{bad}:2: invalid JSON", e.Message);
        Assert.Contains($"{bad}:10: 0704.0010: missing \"abstract\"", e.Message);
        Assert.Equal((0, 0, 0), await tmp.Store().CountAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Strict_imports_when_nothing_is_rejected(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var (importer, _) = NewImporter(tmp);
        var counts = await importer.ImportFilesAsync([Fixtures.Get(Fixtures.Kaggle)], new ImportOptions { Strict = true });
        Assert.Equal(new ImportCounts(200, 0, 0, 0), counts);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task An_unrecognised_file_stops_the_import_before_anything_is_written(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var (importer, _) = NewImporter(tmp);
        var junk = tmp.File("notes.txt");
        await File.WriteAllTextAsync(junk, "just some notes\n");
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => importer.ImportFilesAsync([Fixtures.Get(Fixtures.Hf2025), junk]));
        Assert.Contains(junk, e.Message);
        Assert.Equal(0, (await tmp.Store().CountAsync()).Papers);
    }

    public static IEnumerable<object?[]> Reimporting_a_fixture_changes_nothing_cases => TestDatabase.WithDialects(
        [Fixtures.Hf2024],
        [Fixtures.Hf2025],
        [Fixtures.Hf2026],
        [Fixtures.HfSlice],
        [Fixtures.HfMalformed],
        [Fixtures.Kaggle],
        [Fixtures.KaggleMalformed],
        [Fixtures.Atom],
        [Fixtures.AtomMalformed]);

    [SkippableTheory]
    [MemberData(nameof(Reimporting_a_fixture_changes_nothing_cases))]
    public async Task Reimporting_a_fixture_changes_nothing(string fixture, string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var (importer, _) = NewImporter(tmp);
        var path = Fixtures.Get(fixture);
        var first = await importer.ImportFilesAsync([path]);
        Assert.True(first.New > 0);
        var changesBefore = (await tmp.Store().GetChangesAsync(0, 100_000)).Count;

        var again = await importer.ImportFilesAsync([path]);
        Assert.Equal(0, again.New);
        Assert.Equal(0, again.Updated);
        Assert.Equal(first.Total, again.Total);
        Assert.Equal(changesBefore, (await tmp.Store().GetChangesAsync(0, 100_000)).Count);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Reimporting_all_fixtures_together_in_any_order_changes_nothing(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var (importer, _) = NewImporter(tmp);
        string[] all = [Fixtures.Hf2024, Fixtures.Hf2025, Fixtures.Hf2026, Fixtures.HfSlice, Fixtures.Kaggle, Fixtures.Atom];
        var paths = all.Select(Fixtures.Get).ToList();
        await importer.ImportFilesAsync(paths);
        paths.Reverse();
        var again = await importer.ImportFilesAsync(paths);
        Assert.Equal((0, 0), (again.New, again.Updated));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task A_newer_version_updates_the_paper_and_logs_a_change(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var (importer, _) = NewImporter(tmp);
        var v1 = tmp.File("v1.jsonl");
        var v2 = tmp.File("v2.jsonl");
        await File.WriteAllTextAsync(v1, """{"id":"2409.12192","title":"Old","abstract":"A","versions":[{"version":"v1","created":"Wed, 18 Sep 2024 17:00:00 GMT"}]}""" + "\n");
        await File.WriteAllTextAsync(v2, """{"id":"2409.12192","title":"New","abstract":"B","versions":[{"version":"v1","created":"Wed, 18 Sep 2024 17:00:00 GMT"},{"version":"v2","created":"Fri, 18 Oct 2024 10:00:00 GMT"}]}""" + "\n");
        Assert.Equal(1, (await importer.ImportFilesAsync([v1])).New);
        Assert.Equal(1, (await importer.ImportFilesAsync([v2])).Updated);
        Assert.Equal(1, (await importer.ImportFilesAsync([v1])).Unchanged);
        var stored = (await tmp.Store().GetAsync("2409.12192"))!.Paper;
        Assert.Equal(("New", 2), (stored.Title, stored.Version));
        Assert.Equal(2, (await tmp.Store().GetChangesAsync(0, 100)).Count);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Progress_is_reported_while_importing(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var (importer, _) = NewImporter(tmp);
        var reports = new List<ImportProgress>();
        await importer.ImportFilesAsync([Fixtures.Get(Fixtures.Kaggle)],
            new ImportOptions { BatchSize = 50, ProgressInterval = TimeSpan.Zero }, reports.Add);
        Assert.Equal([50, 100, 150, 200], reports.Select(r => r.Counts.Total));
        Assert.Contains("records", reports[0].ToString());
    }
}
