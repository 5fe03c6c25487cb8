using DailyPapers.Ranking;
using DailyPapers.Storage;
using DailyPapers.Web.Cli;
using Dapper;

namespace DailyPapers.Web.Tests.Cli;

public sealed class RecalcTrendingVerbTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dp-recalc-verb-" + Guid.NewGuid().ToString("N"));
    private string Db => Path.Combine(_dir, "test.db");

    public RecalcTrendingVerbTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await CliApp.RunAsync(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Recomputes_stale_scores_with_progress_and_reports_the_count()
    {
        var fixture = DailyPapersFactory.FixturePath("2024-05-27.json");
        Assert.Equal(0, (await RunAsync("import", fixture, "--database", Db)).Code);
        var db = Database.Sqlite(Db);
        await using (var c = await db.OpenAsync())
            await c.ExecuteAsync("UPDATE papers SET hotness = 0");

        var (code, output, err) = await RunAsync("recalc-trending", "--batch", "5", "--database", Db);
        Assert.Equal(0, code);
        Assert.Equal("recalc-trending: 13 papers, 13 scores changed", output.Trim());
        Assert.Equal(["5", "10", "13"], err.Split('\n').Where(l => l.StartsWith("recalc-trending: ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[1]));

        var store = new PaperStore(db);
        var paper = (await store.GetAsync("2405.15738"))!;
        Assert.Equal(Hotness.Compute(paper.Upvotes, paper.NumComments, paper.FirstFeaturedAt!.Value), paper.Hotness, 6);
        Assert.Equal("recalc-trending: 13 papers, 0 scores changed", (await RunAsync("recalc-trending", "--database", Db)).Out.Trim());
    }

    [Fact]
    public async Task A_bad_batch_size_is_a_usage_error()
    {
        var (code, _, err) = await RunAsync("recalc-trending", "--batch", "0", "--database", Db);
        Assert.Equal(2, code);
        Assert.Contains("invalid --batch \"0\"", err);
    }
}
