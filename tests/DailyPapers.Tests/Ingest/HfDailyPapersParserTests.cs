using DailyPapers.Ingest;
using DailyPapers.Papers;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Ingest;

public class HfDailyPapersParserTests
{
    private static List<ImportRecord> ParseDay(string fixture)
    {
        var path = Fixtures.Get(fixture);
        var items = HfDailyPapersParser.ParseArray(File.ReadAllBytes(path), HfDailyPapersParser.DateFromFileName(path)).ToList();
        Assert.All(items, i => Assert.Null(i.Error));
        return items.Select(i => i.Record!).ToList();
    }

    [Fact]
    public void Era_2024_items_take_the_feed_date_from_the_file_name()
    {
        var records = ParseDay(Fixtures.Hf2024);
        Assert.Equal(13, records.Count);
        Assert.All(records, r => Assert.Equal(new DateOnly(2024, 5, 27), r.Entry!.FeedDate));
        var first = records[0];
        Assert.Equal("2405.15738", first.Paper.ArxivId);
        Assert.Equal(32, first.Paper.HfUpvotes);
        Assert.Equal(3, first.Entry!.NumComments);
        Assert.Equal(9, first.Paper.Authors.Count);
        var ge = first.Paper.Authors[0];
        Assert.Equal("Chunjiang Ge", ge.Name);
        Assert.Equal(AuthorStatus.AdminAssigned, ge.Status);
        Assert.Equal("ChunjiangGe", ge.User?.Handle);
        Assert.Null(first.Paper.Authors[2].Status);
        Assert.Empty(first.Paper.AiKeywords);
        // The older schema has mediaUrl, no thumbnail, no submitter.
        Assert.Null(first.Entry.SubmittedBy);
        Assert.Equal(DateTimeOffset.Parse("2024-05-27T03:50:58.348Z"), first.Entry.SubmittedAt);
    }

    [Fact]
    public void Era_2025_items_carry_submitter_and_ai_fields()
    {
        var records = ParseDay(Fixtures.Hf2025);
        Assert.Equal(9, records.Count);
        Assert.All(records, r => Assert.Equal(new DateOnly(2025, 6, 16), r.Entry!.FeedDate));
        var moai = records.Single(r => r.Paper.ArxivId == "2506.11924");
        Assert.StartsWith("A diffusion-based framework", moai.Paper.AiSummary);
        Assert.Contains("diffusion-based framework", moai.Paper.AiKeywords);
        Assert.Equal("https://github.com/cvlab-kaist/MoAI", moai.Paper.GithubRepo);
        Assert.Equal("bracio9623", moai.Entry!.SubmittedBy?.Handle);
        Assert.Equal(DateTimeOffset.Parse("2025-06-13T16:19:00Z"), moai.Paper.PublishedAt); // paper.publishedAt, not the item's
        Assert.Equal(DateTimeOffset.Parse("2025-06-16T04:13:42.201Z"), moai.Entry.SubmittedAt);
        var feng = records.Single(r => r.Paper.ArxivId == "2506.09427").Paper.Authors[0];
        Assert.Equal(("Yukang Feng", AuthorStatus.AdminAssigned, "finyorko"), (feng.Name, feng.Status, feng.User?.Handle));
    }

    [Fact]
    public void Era_2026_items_carry_organisation_and_stars()
    {
        var records = ParseDay(Fixtures.Hf2026);
        Assert.Equal(17, records.Count);
        Assert.All(records, r => Assert.Equal(new DateOnly(2026, 8, 21), r.Entry!.FeedDate));
        var env = records.Single(r => r.Paper.ArxivId == "2608.19880");
        Assert.Equal("google", env.Paper.Organization?.Name);
        Assert.Equal("Google", env.Paper.Organization?.FullName);
        Assert.Equal("google", env.Entry!.Organization?.Name);
        Assert.Equal(8, env.Paper.GithubStars);
        Assert.Equal(163, env.Paper.HfUpvotes);
        Assert.Equal("taesiri", env.Entry.SubmittedBy?.Handle);
        Assert.Equal(17, env.Paper.Authors.Count);
        var kou = records.Single(r => r.Paper.ArxivId == "2608.18580").Paper.Authors[0];
        Assert.Equal(("Kou Shi", AuthorStatus.ClaimedVerified, "KouShi2"), (kou.Name, kou.Status, kou.User?.Handle));
    }

    [Fact]
    public void Json_lines_take_the_feed_date_from_feed_date_field()
    {
        var lines = File.ReadAllLines(Fixtures.Get(Fixtures.HfSlice));
        var items = lines.Select((l, i) => HfDailyPapersParser.ParseLine(i + 1, l, null)).ToList();
        Assert.Equal(40, items.Count(i => i.Record is not null));
        Assert.Equal(
            [new DateOnly(2024, 5, 27), new DateOnly(2024, 5, 28), new DateOnly(2024, 5, 29), new DateOnly(2024, 5, 30)],
            items.Select(i => i.Record!.Entry!.FeedDate).Distinct().Order());
    }

    [Theory]
    [InlineData("{\"paper\":{\"title\":\"t\",\"summary\":\"s\",\"authors\":[]}}", "missing \"paper.id\"")]
    [InlineData("{\"paper\":{\"id\":\"nope\",\"title\":\"t\",\"summary\":\"s\",\"authors\":[]}}", "not an arXiv id: \"nope\"")]
    [InlineData("{\"paper\":{\"id\":\"2409.12192\",\"summary\":\"s\",\"authors\":[]}}", "missing \"paper.title\"")]
    [InlineData("{\"paper\":{\"id\":\"2409.12192\",\"title\":\"t\",\"summary\":\"s\",\"authors\":[]},\"_feed_date\":\"2025-13-40\"}", "invalid \"_feed_date\"")]
    [InlineData("{\"paper\":{\"id\":\"2409.12192\",\"title\":\"t\",\"summary\":\"s\"}}", "missing \"paper.authors\"")]
    [InlineData("{\"paper\":", "invalid JSON")]
    public void Bad_lines_are_rejected_with_a_reason(string json, string reason)
    {
        var item = HfDailyPapersParser.ParseLine(7, json, null);
        Assert.Null(item.Record);
        Assert.Equal(7, item.Line);
        Assert.Contains(reason, item.Error);
    }

    [Theory]
    [InlineData("2025-06-16.json", "2025-06-16")]
    [InlineData("/x/y/2025-06-16.json.gz", "2025-06-16")]
    [InlineData("hf-daily-papers-2024-05-27_2026-08-21.jsonl.gz", null)]
    [InlineData("papers.jsonl", null)]
    public void Date_from_file_name(string name, string? expected) =>
        Assert.Equal(expected is null ? null : DateOnly.Parse(expected), HfDailyPapersParser.DateFromFileName(name));
}
