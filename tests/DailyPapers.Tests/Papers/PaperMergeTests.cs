using DailyPapers.Papers;

namespace DailyPapers.Tests.Papers;

public class PaperMergeTests
{
    private static readonly DateTimeOffset V1 = new(2024, 9, 18, 17, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset V2 = V1.AddDays(30);

    private static Paper Arxiv(int version, string title, params string[] authors) => new()
    {
        ArxivId = "2409.12192",
        Version = version,
        Title = title,
        Abstract = $"Abstract of v{version}.",
        PublishedAt = V1,
        UpdatedAt = version == 1 ? V1 : V2,
        Categories = version == 1 ? ["cs.RO"] : ["cs.RO", "cs.LG"],
        Doi = version == 1 ? null : "10.1000/x",
        Authors = authors.Select(a => new PaperAuthor(a)).ToList(),
        Versions = Enumerable.Range(1, version).Select(v => new PaperVersion(v, v == 1 ? V1 : V2)).ToList(),
    };

    private static Paper Hf(string title, int upvotes, params PaperAuthor[] authors) => new()
    {
        ArxivId = "2409.12192",
        Title = title,
        Abstract = "HF abstract.",
        PublishedAt = V1,
        HfUpvotes = upvotes,
        GithubStars = 10,
        AiSummary = "A summary.",
        AiKeywords = ["robots"],
        Authors = authors,
    };

    [Fact]
    public void A_new_paper_is_stored_normalised()
    {
        var merged = PaperMerge.Merge(null, Arxiv(2, "DynaMo:\n  In-Domain") with { Version = null });
        Assert.Equal("DynaMo: In-Domain", merged.Title);
        Assert.Equal(2, merged.Version); // taken from the versions list
    }

    [Fact]
    public void Newer_version_wins_the_arxiv_fields()
    {
        var merged = PaperMerge.Merge(Arxiv(1, "Old title", "A. One"), Arxiv(2, "New title", "A. One", "B. Two"));
        Assert.Equal(2, merged.Version);
        Assert.Equal("New title", merged.Title);
        Assert.Equal("Abstract of v2.", merged.Abstract);
        Assert.Equal(["cs.RO", "cs.LG"], merged.Categories);
        Assert.Equal("10.1000/x", merged.Doi);
        Assert.Equal(2, merged.Authors.Count);
        Assert.Equal([1, 2], merged.Versions.Select(v => v.Version));
        Assert.Equal(V2, merged.UpdatedAt);
    }

    [Fact]
    public void Older_version_does_not_overwrite_a_newer_one_but_fills_gaps()
    {
        var stored = PaperMerge.Merge(null, Arxiv(2, "New title") with { Comments = null });
        var merged = PaperMerge.Merge(stored, Arxiv(1, "Old title") with { Comments = "12 pages" });
        Assert.Equal(2, merged.Version);
        Assert.Equal("New title", merged.Title);
        Assert.Equal("12 pages", merged.Comments);
        Assert.Equal(V1, merged.PublishedAt);
    }

    [Fact]
    public void Hf_record_without_version_only_fills_gaps_of_an_arxiv_record()
    {
        var stored = PaperMerge.Merge(null, Arxiv(2, "arXiv title", "A. One"));
        var merged = PaperMerge.Merge(stored, Hf("HF title", 7));
        Assert.Equal("arXiv title", merged.Title);
        Assert.Equal("Abstract of v2.", merged.Abstract);
        Assert.Equal(2, merged.Version);
        // HF extras are taken.
        Assert.Equal(7, merged.HfUpvotes);
        Assert.Equal("A summary.", merged.AiSummary);
        Assert.Equal(["robots"], merged.AiKeywords);
    }

    [Fact]
    public void Hf_record_updates_another_hf_record()
    {
        var stored = PaperMerge.Merge(null, Hf("Old HF title", 3));
        var merged = PaperMerge.Merge(stored, Hf("New HF title", 5));
        Assert.Equal("New HF title", merged.Title);
    }

    [Fact]
    public void Author_claim_data_is_carried_over_to_the_arxiv_author_list()
    {
        var claimed = new PaperAuthor("Zichen Jeff Cui")
        {
            Status = AuthorStatus.ClaimedVerified,
            User = new UserRef("jeffacce"),
            HfId = "abc",
        };
        var stored = PaperMerge.Merge(null, Hf("t", 1, claimed, new PaperAuthor("Hengkai Pan")));
        var merged = PaperMerge.Merge(stored, Arxiv(2, "t", "Zichen Jeff  Cui", "Hengkai Pan", "Lerrel Pinto"));
        Assert.Equal(3, merged.Authors.Count);
        Assert.Equal(AuthorStatus.ClaimedVerified, merged.Authors[0].Status);
        Assert.Equal("jeffacce", merged.Authors[0].User?.Handle);
        Assert.Equal("abc", merged.Authors[0].HfId);
        Assert.Null(merged.Authors[1].Status);
        Assert.Null(merged.Authors[2].User);
    }

    [Fact]
    public void Counters_keep_the_maximum()
    {
        var stored = PaperMerge.Merge(null, Hf("t", 40) with { GithubStars = 100 });
        var merged = PaperMerge.Merge(stored, Hf("t", 12) with { GithubStars = 90 });
        Assert.Equal(40, merged.HfUpvotes);
        Assert.Equal(100, merged.GithubStars);
    }

    [Fact]
    public void An_older_snapshot_changes_nothing()
    {
        var stored = PaperMerge.Merge(null, Hf("Newer title", 40) with { AiSummary = "Newer summary", GithubRepo = "https://github.com/new" });
        var older = Hf("Older title", 3) with { AiSummary = "Older summary", GithubRepo = "https://github.com/old", ProjectPage = "https://p" };
        var merged = PaperMerge.Merge(stored, older, incomingIsOlder: true);
        Assert.Equal("Newer title", merged.Title);
        Assert.Equal("Newer summary", merged.AiSummary);
        Assert.Equal("https://github.com/new", merged.GithubRepo);
        Assert.Equal(40, merged.HfUpvotes);
        // … except filling what the stored record lacks.
        Assert.Equal("https://p", merged.ProjectPage);
    }

    [Fact]
    public void Merging_the_same_record_twice_is_idempotent()
    {
        var once = PaperMerge.Merge(null, Arxiv(2, "T", "A", "B"));
        var twice = PaperMerge.Merge(once, Arxiv(2, "T", "A", "B"));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(once), System.Text.Json.JsonSerializer.Serialize(twice));
    }

    [Fact]
    public void Entries_keep_the_max_comment_count_and_first_submission_time()
    {
        var day = new DateOnly(2024, 9, 25);
        var stored = new DailyEntry { ArxivId = "2409.12192", FeedDate = day, NumComments = 4, SubmittedAt = V1, Title = "a" };
        var incoming = stored with { NumComments = 2, SubmittedAt = V2, Title = "b", SubmittedBy = new UserRef("akhaliq") };
        var merged = PaperMerge.MergeEntry(stored, incoming);
        Assert.Equal(4, merged.NumComments);
        Assert.Equal(V1, merged.SubmittedAt);
        Assert.Equal("b", merged.Title);
        Assert.Equal("akhaliq", merged.SubmittedBy?.Handle);
    }
}
