using DailyPapers.Ingest;
using DailyPapers.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests;

/// <summary>
/// The real application on a fresh SQLite file in a temp folder, with the first-start demo import off and the
/// fixture files (real HF responses) imported before any test runs.
/// </summary>
public sealed class DailyPapersFactory : WebApplicationFactory<Program>
{
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "dailypapers-web-tests-" + Guid.NewGuid().ToString("N"));

    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DailyPapers:DataDir", DataDir);
        builder.UseSetting("DailyPapers:DemoCorpus", "none");
        // Tests that need vectors compute them explicitly; a background model build would only compete for CPU.
        builder.UseSetting("DailyPapers:Embeddings", "off");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        // Every test client comes from one (absent) address: per-client search and feed limits would make tests
        // depend on each other. Issue10SearchCostTests sets them low for its own app.
        foreach (var limit in new[] { "Limit", "FeedLimit" })
        {
            builder.UseSetting($"DailyPapers:Search:{limit}:Burst", "1000000");
            builder.UseSetting($"DailyPapers:Search:{limit}:PerMinute", "1000000");
            builder.UseSetting($"DailyPapers:Search:{limit}:Concurrent", "1000");
        }
    }

    /// <summary>Imports every fixture: three raw daily responses (2024-05-27, 2025-06-16, 2026-08-21) and 2024-09-23…25 as JSON lines.</summary>
    public Task SeedAsync() => SeedAsync(Services);

    /// <summary>As <see cref="SeedAsync()"/>, through the services of any host built from this factory (WithWebHostBuilder).</summary>
    public static async Task SeedAsync(IServiceProvider services)
    {
        var store = services.GetRequiredService<PaperStore>();
        var rejected = new List<string>();
        var importer = new Importer(store, rejected.Add);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json").Order())
            await importer.ImportItemsAsync(HfDailyPapersParser.ParseArray(await File.ReadAllBytesAsync(file), HfDailyPapersParser.DateFromFileName(file)), file);
        await importer.ImportFilesAsync(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.jsonl"));
        if (rejected.Count > 0) throw new InvalidOperationException("fixture import rejected records: " + string.Join("; ", rejected));
        // Searches read what the background follower applied; a test must not race it (nor the output cache keep a
        // half-built answer): bring the index up to date before any test.
        var search = services.GetRequiredService<DailyPapers.Search.SearchService>();
        await search.EnsureBuiltAsync();
        await search.CatchUpAsync();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>One seeded application shared read-only by the smoke tests (none of them writes).</summary>
public sealed class SeededApp : IAsyncLifetime
{
    public DailyPapersFactory Factory { get; } = new();

    public async Task InitializeAsync() => await Factory.SeedAsync();

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }

    public HttpClient Client(bool followRedirects = true) =>
        Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });
}

[CollectionDefinition(Name)]
public sealed class SeededCollection : ICollectionFixture<SeededApp>
{
    public const string Name = "seeded app";
}
