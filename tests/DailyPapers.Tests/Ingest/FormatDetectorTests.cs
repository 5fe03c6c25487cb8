using System.IO.Compression;
using System.Text;
using DailyPapers.Ingest;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Ingest;

public class FormatDetectorTests
{
    [Theory]
    [InlineData(Fixtures.Hf2024, ImportFormat.HfJsonArray)]
    [InlineData(Fixtures.Hf2026, ImportFormat.HfJsonArray)]
    [InlineData(Fixtures.HfSlice, ImportFormat.HfJsonLines)]
    [InlineData(Fixtures.Kaggle, ImportFormat.KaggleJsonLines)]
    [InlineData(Fixtures.KaggleMalformed, ImportFormat.KaggleJsonLines)]
    [InlineData(Fixtures.Atom, ImportFormat.Atom)]
    public void Detects_fixtures(string fixture, ImportFormat expected) =>
        Assert.Equal(expected, FormatDetector.DetectFile(Fixtures.Get(fixture)));

    [Theory]
    [InlineData("""<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords/></OAI-PMH>""", ImportFormat.OaiPmh)]
    [InlineData("\uFEFF  [ ]", ImportFormat.HfJsonArray)]
    [InlineData("{\"_feed_date\":\"2025-01-01\"}", ImportFormat.HfJsonLines)]
    [InlineData("{\"id\":\"2409.12192\",\"summary\":\"s\",\"authors\":[]}", ImportFormat.HfJsonLines)]
    // A broken first line does not hide the format of the lines after it.
    [InlineData("{\"id\":\"0704.0001\",\"abs\n{\"id\":\"0704.0002\",\"abstract\":\"x\",\"versions\":[]}", ImportFormat.KaggleJsonLines)]
    public void Detects_from_content(string content, ImportFormat expected) =>
        Assert.Equal(expected, FormatDetector.Detect(Encoding.UTF8.GetBytes(content), "x"));

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("hello world", "it starts with \"hello world\"")]
    [InlineData("{\"name\":\"x\"}", "neither an HF daily-papers item")]
    [InlineData("<rss version=\"2.0\"><channel/></rss>", "unrecognised XML root <rss>")]
    [InlineData("<feed xmlns=\"http://example.com/\"/>", "unrecognised XML root <feed>")]
    public void Unknown_content_is_a_clear_error_naming_the_file(string content, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => FormatDetector.Detect(Encoding.UTF8.GetBytes(content), "papers.dat"));
        Assert.Contains("papers.dat", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task Gzip_is_recognised_by_its_magic_bytes_whatever_the_extension()
    {
        await using var tmp = await TempDb.CreateAsync();
        var path = tmp.File("kaggle-no-extension.data");
        await using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        await using (var src = File.OpenRead(Fixtures.Get(Fixtures.Kaggle)))
            await src.CopyToAsync(gz);
        Assert.Equal(ImportFormat.KaggleJsonLines, FormatDetector.DetectFile(path));
        Assert.Equal(200, Importer.ReadFile(path, ImportFormat.KaggleJsonLines).Count(i => i.Record is not null));
    }

    [Fact]
    public async Task A_gz_file_that_is_not_gzip_is_read_as_plain_text()
    {
        await using var tmp = await TempDb.CreateAsync();
        var path = tmp.File("plain.jsonl.gz");
        File.Copy(Fixtures.Get(Fixtures.HfSlice), path);
        Assert.Equal(ImportFormat.HfJsonLines, FormatDetector.DetectFile(path));
    }
}
