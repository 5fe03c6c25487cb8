using System.Net;
using System.Text.Json;

namespace DailyPapers.Web.Tests;

/// <summary>GET /api/papers/search: HF's paper search, entries shaped like daily items.</summary>
[Collection(SeededCollection.Name)]
public sealed class SearchApiTests(SeededApp app)
{
    private async Task<(HttpStatusCode Status, JsonElement Json)> GetJsonAsync(string url)
    {
        var r = await app.Client().GetAsync(url);
        ApiContentType.Assert(r);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return (r.StatusCode, doc.RootElement.Clone());
    }

    [Fact]
    public async Task Search_answers_daily_items_with_the_same_fields_as_the_feed()
    {
        var (status, json) = await GetJsonAsync("/api/papers/search?q=pretraining");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json.GetArrayLength() >= 2);
        var ids = json.EnumerateArray().Select(i => i.GetProperty("paper").GetProperty("id").GetString()).ToList();
        Assert.Contains("2409.12192", ids);

        // The same paper from the daily feed: the search entry has exactly its field names, top level and nested.
        var (_, day) = await GetJsonAsync("/api/daily_papers?date=2024-09-25");
        var daily = day.EnumerateArray().Single(i => i.GetProperty("paper").GetProperty("id").GetString() == "2409.12192");
        var found = json.EnumerateArray().Single(i => i.GetProperty("paper").GetProperty("id").GetString() == "2409.12192");
        Assert.Equal(daily.EnumerateObject().Select(p => p.Name).Order(), found.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(daily.GetProperty("paper").EnumerateObject().Select(p => p.Name).Order(), found.GetProperty("paper").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(daily.GetProperty("title").GetString(), found.GetProperty("title").GetString());
        Assert.Equal(daily.GetProperty("publishedAt").GetString(), found.GetProperty("publishedAt").GetString());
    }

    [Fact]
    public async Task Limit_caps_the_entries()
    {
        var (status, json) = await GetJsonAsync("/api/papers/search?q=model&limit=3");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, json.GetArrayLength());
        (_, json) = await GetJsonAsync("/api/papers/search?q=model&limit=120");
        Assert.True(json.GetArrayLength() > 3);
    }

    [Fact]
    public async Task Junk_and_useless_queries_answer_an_empty_array()
    {
        foreach (var q in new[] { "\"(((", "title:", "*", "the of", "𝔘𝔫𝔦 ☃ 日本語" })
        {
            var (status, json) = await GetJsonAsync("/api/papers/search?q=" + Uri.EscapeDataString(q));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(JsonValueKind.Array, json.ValueKind);
        }
    }

    [Theory]
    [InlineData("", "missing q")]
    [InlineData("?q=", "missing q")]
    [InlineData("?q=%20%20", "missing q")]
    [InlineData("?q=model&limit=0", "invalid limit \"0\"")]
    [InlineData("?q=model&limit=121", "from 1 to 120")]
    [InlineData("?q=model&limit=ten", "invalid limit \"ten\"")]
    public async Task Bad_parameters_are_a_400_with_an_error(string qs, string expected)
    {
        var (status, json) = await GetJsonAsync("/api/papers/search" + qs);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Too_long_q_is_a_400()
    {
        var (status, json) = await GetJsonAsync("/api/papers/search?q=" + new string('a', 251));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("the limit is 250", json.GetProperty("error").GetString());
    }
}
