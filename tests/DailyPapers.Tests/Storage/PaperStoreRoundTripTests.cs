using System.Text.Json;
using DailyPapers.Papers;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Storage;

public class PaperStoreRoundTripTests
{
    private static readonly DateTimeOffset T = new(2024, 9, 18, 17, 34, 15, 123, TimeSpan.Zero);

    internal static Paper EveryField(string id = "2409.12192") => new()
    {
        ArxivId = id,
        Version = 3,
        Title = "DynaMo: In-Domain Dynamics Pretraining for Visuo-Motor Control",
        Abstract = "First paragraph.\n\nSecond paragraph with $x^2$.",
        PublishedAt = T,
        UpdatedAt = T.AddDays(40),
        Categories = ["cs.RO", "cs.LG"],
        Doi = "10.1000/dynamo",
        JournalRef = "NeurIPS 2024",
        Comments = "Website: https://dynamo-ssl.github.io",
        License = "http://creativecommons.org/licenses/by/4.0/",
        Submitter = "Zichen Jeff Cui",
        GithubRepo = "https://github.com/jeffacce/dynamo_ssl",
        GithubStars = 123,
        ProjectPage = "https://dynamo-ssl.github.io",
        AiSummary = "DynaMo pretrains visual representations from in-domain dynamics.",
        AiKeywords = ["self-supervised", "visuo-motor"],
        Thumbnail = "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2409.12192.png",
        MediaUrls = ["https://cdn-uploads.huggingface.co/a.mp4", "https://cdn-uploads.huggingface.co/b.png"],
        HfUpvotes = 4,
        DiscussionId = "66f2b1c5a1b2c3d4e5f60718",
        WithdrawnAt = T.AddDays(100),
        Organization = new OrganizationRef("nyu") { FullName = "New York University", AvatarUrl = "https://x/nyu.png", HfId = "org1" },
        Authors =
        [
            new PaperAuthor("Zichen Jeff Cui")
            {
                Status = AuthorStatus.ClaimedVerified,
                Hidden = false,
                HfId = "a1",
                StatusChangedAt = T.AddDays(2),
                Affiliation = "NYU",
                User = new UserRef("jeffacce") { FullName = "Jeff Cui", AvatarUrl = "https://x/j.png", HfId = "u1", IsPro = true },
            },
            new PaperAuthor("Hidden Person") { Status = AuthorStatus.ExtractedInfirmed, Hidden = true, HfId = "a2" },
            new PaperAuthor("Lerrel Pinto"),
        ],
        Versions = [new PaperVersion(1, T, "1234kb"), new PaperVersion(2, T.AddDays(10), "1300kb"), new PaperVersion(3, T.AddDays(40), null)],
    };

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task A_paper_with_every_field_set_comes_back_equal(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var paper = EveryField();
        var entry = new DailyEntry
        {
            ArxivId = paper.ArxivId,
            FeedDate = new DateOnly(2024, 9, 25),
            SubmittedAt = T.AddDays(7),
            SubmittedBy = new UserRef("akhaliq") { FullName = "AK", AvatarUrl = "https://x/ak.png", HfId = "u2", IsPro = true },
            Organization = new OrganizationRef("nyu") { FullName = "New York University", AvatarUrl = "https://x/nyu.png", HfId = "org1" },
            Title = "DynaMo: In-Domain Dynamics Pretraining for Visuo-Motor Control",
            NumComments = 2,
            IsAuthorParticipating = true,
            Source = "hf",
        };
        var outcomes = await tmp.Store().ImportBatchAsync([new ImportRecord(paper, entry)]);
        Assert.Equal([ImportOutcome.New], outcomes);

        var view = await tmp.Store().GetAsync(paper.ArxivId);
        Assert.NotNull(view);
        Assert.Equal(JsonSerializer.Serialize(paper), JsonSerializer.Serialize(view.Paper));
        Assert.Equal(JsonSerializer.Serialize(entry), JsonSerializer.Serialize(Assert.Single(view.Entries)));
        Assert.Equal(4, view.Upvotes);
        Assert.Equal(2, view.NumComments);
        Assert.Equal(T.AddDays(7), view.FirstFeaturedAt);
        Assert.True(view.Hotness > 0);
    }

    [Fact]
    public async Task The_database_survives_reopening_from_its_file()
    {
        await using var tmp = await TempDb.CreateAsync();
        await tmp.Store().ImportBatchAsync([new ImportRecord(EveryField())]);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var reopened = new DailyPapers.Storage.PaperStore(DailyPapers.Storage.Database.Sqlite(tmp.Db.FilePath!));
        Assert.Equal("DynaMo: In-Domain Dynamics Pretraining for Visuo-Motor Control", (await reopened.GetAsync("2409.12192"))?.Paper.Title);
        Assert.Null(await reopened.GetAsync("9999.99999"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Importing_the_same_batch_twice_reports_unchanged_and_logs_no_change(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var store = tmp.Store();
        await store.ImportBatchAsync([new ImportRecord(EveryField()), new ImportRecord(EveryField("2409.00001"))]);
        var again = await store.ImportBatchAsync([new ImportRecord(EveryField()), new ImportRecord(EveryField("2409.00001"))]);
        Assert.Equal([ImportOutcome.Unchanged, ImportOutcome.Unchanged], again);
        Assert.Equal(2, (await store.GetChangesAsync(0, 100)).Count);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task The_same_paper_twice_in_one_batch_is_new_then_unchanged(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var outcomes = await tmp.Store().ImportBatchAsync([new ImportRecord(EveryField()), new ImportRecord(EveryField())]);
        Assert.Equal([ImportOutcome.New, ImportOutcome.Unchanged], outcomes);
        Assert.Equal(1, (await tmp.Store().CountAsync()).Papers);
    }
}
