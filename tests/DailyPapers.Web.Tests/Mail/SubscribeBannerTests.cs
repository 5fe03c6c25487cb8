namespace DailyPapers.Web.Tests.Mail;

/// <summary>Issue 15 point 1: digests are on by default and their subscribe banner heads the feed, as on Hugging Face.</summary>
[Collection(SeededCollection.Name)]
public sealed class SubscribeBannerTests(SeededApp app)
{
    [Theory]
    [InlineData("/papers")]
    [InlineData("/papers/date/2024-05-27")]
    [InlineData("/papers/week/2024-W22")]
    public async Task The_subscribe_banner_is_at_the_top_of_feed_pages(string page)
    {
        var html = await app.Client().GetStringAsync(page);
        var banner = html.IndexOf("<section class=\"subscribe\"", StringComparison.Ordinal);
        Assert.True(banner >= 0, "no subscribe banner (digests should be on by default)");
        Assert.Contains("Get trending papers in your email inbox!", html[banner..]);
        Assert.True(banner < html.IndexOf("class=\"feed-head\"", StringComparison.Ordinal), "the banner comes after the feed's title");
        var cards = html.IndexOf("class=\"cards\"", StringComparison.Ordinal);
        Assert.True(cards < 0 || banner < cards);
        Assert.Contains("action=\"/digest/subscribe\"", html[banner..]);
    }
}
