using System.Text.Json;
using DailyPapers.Ingest;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests;

public sealed class CacheExpiryTests
{
    /// <summary>
    /// Issue 2 regression: the API group used the output cache's default policy (60 s), so an empty answer taken
    /// while the first-start import was running stayed for a minute. API answers follow the short policy.
    /// </summary>
    [Fact]
    public async Task Issue2_api_answers_expire_with_the_short_cache_policy()
    {
        using var factory = new DailyPapersFactory();
        var client = factory.CreateClient();
        const string url = "/api/daily_papers?date=2025-06-16";
        Assert.Equal(0, JsonDocument.Parse(await client.GetStringAsync(url)).RootElement.GetArrayLength());

        var file = DailyPapersFactory.FixturePath("2025-06-16.json");
        await new Importer(factory.Services.GetRequiredService<PaperStore>())
            .ImportItemsAsync(HfDailyPapersParser.ParseArray(await File.ReadAllBytesAsync(file), new DateOnly(2025, 6, 16)), file);

        await Task.Delay(WebHost.ShortCacheDuration + TimeSpan.FromSeconds(1));
        Assert.Equal(9, JsonDocument.Parse(await client.GetStringAsync(url)).RootElement.GetArrayLength());
    }
}
