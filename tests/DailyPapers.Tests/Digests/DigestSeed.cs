using DailyPapers.Digests;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Digests;

/// <summary>Papers on feed days for digest tests: upvotes decide the trending order within a day.</summary>
internal static class DigestSeed
{
    public static readonly DigestSettings Settings = new()
    {
        Enabled = true, PublicUrl = "http://papers.test", TopPapers = 3, BuildBatchSize = 2, SendConnections = 2,
        RetryBaseSeconds = 60, MaxAttempts = 3,
    };

    /// <summary>Seeds (arXiv id, feed day, upvotes, organisation, authors).</summary>
    public static async Task<PaperStore> PapersAsync(Database db, params (string Id, string Day, int Upvotes, string? Org, string Authors)[] seed)
    {
        var store = new PaperStore(db);
        await store.ImportBatchAsync(seed.Select(s =>
        {
            var day = DateOnly.Parse(s.Day);
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero);
            return new ImportRecord(
                new Paper
                {
                    ArxivId = s.Id, Title = $"Paper {s.Id} about diffusion", Abstract = $"We study {s.Id} in depth.", HfUpvotes = s.Upvotes,
                    PublishedAt = at.AddDays(-1), Authors = s.Authors.Split(", ").Select(a => new PaperAuthor(a)).ToList(),
                    Organization = s.Org is null ? null : new OrganizationRef(s.Org),
                },
                new DailyEntry { ArxivId = s.Id, FeedDate = day, SubmittedAt = at, SubmittedBy = new UserRef("submitter") });
        }).ToList());
        return store;
    }

    public static Task<PaperStore> StandardAsync(Database db) => PapersAsync(db,
        ("2506.00001", "2025-06-16", 10, "google", "Ada Lovelace, Alan Turing"),
        ("2506.00002", "2025-06-16", 80, null, "Grace Hopper"),
        ("2506.00003", "2025-06-16", 40, "meta", "Edsger Dijkstra"),
        ("2506.00004", "2025-06-16", 5, null, "Barbara Liskov"),
        ("2506.00005", "2025-06-17", 30, null, "Donald Knuth"));
}
