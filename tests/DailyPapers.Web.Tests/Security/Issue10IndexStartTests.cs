using System.Net;
using DailyPapers.Web.Cli;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DailyPapers.Web.Tests.Security;

/// <summary>
/// Issue 10, High 2, through the host and the verb: with one segment file deleted the site crash-looped at start and
/// `reindex` failed with the same exception. Now the site starts and serves, and the verb rebuilds from nothing.
/// </summary>
public sealed class Issue10IndexStartTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dp-index-start-" + Guid.NewGuid().ToString("N"));
    private readonly DailyPapersFactory _root = new();

    private WebApplicationFactory<Program> Host() => _root.WithWebHostBuilder(b => b.UseSetting("DailyPapers:DataDir", _dir));

    public void Dispose()
    {
        _root.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>A seeded site whose index was committed at shutdown, then one of its segment files deleted.</summary>
    private async Task SeedAndDamageAsync()
    {
        using (var first = Host())
        {
            await DailyPapersFactory.SeedAsync(first.Services);
        } // stopping the host commits the index
        var index = Path.Combine(_dir, "index");
        var victim = Directory.GetFiles(index).Where(f => Path.GetExtension(f) is ".cfs" or ".fdt" or ".tim" or ".doc")
            .OrderByDescending(f => new FileInfo(f).Length).First();
        File.Delete(victim);
    }

    [Fact]
    public async Task Issue10_a_site_with_a_lost_segment_file_starts_serves_pages_and_heals_search()
    {
        await SeedAndDamageAsync();
        using var site = Host();
        var client = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/papers/date/2024-05-27")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/papers/2405.15738")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/daily_papers?date=2024-05-27")).StatusCode);

        // The small index was rebuilt before the site listened; search answers at once with the paper.
        var search = await client.GetAsync("/api/papers/search?q=2405.15738");
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Contains("2405.15738", await search.Content.ReadAsStringAsync());
        Assert.Single(Directory.GetDirectories(_dir, "index.broken-*"));
    }

    [Fact]
    public async Task Issue10_reindex_works_from_a_damaged_index_and_from_nothing()
    {
        await SeedAndDamageAsync();
        var (code, output, err) = await RunAsync("reindex", "--DailyPapers:DataDir=" + _dir);
        Assert.True(code == 0, err);
        Assert.Matches(@"^reindexed \d+ papers into ", output.Trim());
        Assert.Contains("moved it to", err);

        Directory.Delete(Path.Combine(_dir, "index"), recursive: true);
        (code, output, err) = await RunAsync("reindex", "--DailyPapers:DataDir=" + _dir);
        Assert.True(code == 0, err);
        Assert.Matches(@"^reindexed \d+ papers into ", output.Trim());
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await CliApp.RunAsync(args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
