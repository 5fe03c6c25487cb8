using Xunit;
using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Storage;
using DailyPapers.Tests.Storage;

namespace DailyPapers.Tests.Search;

public class EmbeddingStoreTests
{
    private static ImportRecord Record(string id, int version, string @abstract, int upvotes = 1) => new(new Paper
    {
        ArxivId = id,
        Version = version,
        Title = "Paper " + id,
        Abstract = @abstract,
        PublishedAt = DateTimeOffset.Parse("2025-06-12T17:00:00Z"),
        HfUpvotes = upvotes,
    });

    private static float[] Vector(int seed)
    {
        var rng = new Random(seed);
        var v = Enumerable.Range(0, 8).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        VectorMath.Normalize(v);
        return v;
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Vectors_round_trip_bit_for_bit_and_a_changed_text_is_embedded_again(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var papers = new PaperStore(t.Db);
        var store = new EmbeddingStore(t.Db);
        await papers.ImportBatchAsync([Record("2506.00001", 1, "First text."), Record("2506.00002", 1, "Second text.")]);
        Assert.Equal(2, await store.CountMissingAsync("m"));

        var pending = await store.GetMissingAsync("m", 10);
        Assert.Equal(2, pending.Count);
        await store.SaveAsync("m", pending.Select((p, i) => (p, Vector(i))).ToList());
        Assert.Equal(0, await store.CountMissingAsync("m"));
        Assert.Equal(2, await store.CountMissingAsync("other-model"));
        var back = await store.ReadAfterAsync("m", 0, 10);
        Assert.Equal(pending.Select(p => p.PaperId), back.Select(b => b.PaperId));
        for (var i = 0; i < back.Count; i++) Assert.Equal(Vector(i), back[i].Vector);

        // Votes change the paper but not its text: the vector stays.
        await papers.ImportBatchAsync([Record("2506.00001", 1, "First text.", upvotes: 40)]);
        Assert.Equal(0, await store.DropStaleAsync("m"));
        // A new version with a new abstract: its vector is dropped, so the job embeds it again.
        await papers.ImportBatchAsync([Record("2506.00002", 2, "Second text, revised.")]);
        Assert.Equal(1, await store.DropStaleAsync("m"));
        var again = await store.GetMissingAsync("m", 10);
        Assert.Equal("Second text, revised.", Assert.Single(again).Abstract);
        // Following is incremental: nothing changed since, nothing dropped.
        await store.SaveAsync("m", again.Select(p => (p, Vector(9))).ToList());
        Assert.Equal(0, await store.DropStaleAsync("m"));
        var newest = await store.ReadAfterAsync("m", back[^1].Id, 10);
        Assert.Equal(Vector(9), Assert.Single(newest).Vector);
    }
}
