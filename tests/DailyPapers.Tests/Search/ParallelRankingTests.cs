using DailyPapers.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Xunit;

namespace DailyPapers.Tests.Search;

/// <summary>
/// A large index (several segments, past the size where ranking scores its segments in parallel) ranks exactly
/// as one plain single-threaded searcher over the same commit: same papers, scores, order of ties and totals.
/// </summary>
public sealed class ParallelRankingTests : IDisposable
{
    private const int Papers = 60_000, Segments = 3;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dp-parallel-ranking-" + Guid.NewGuid().ToString("N"));

    // A small vocabulary, so that many papers tie on score and the order of ties is tested too.
    private static readonly string[] Words =
    [
        "graph", "neural", "network", "language", "model", "diffusion", "pre-training", "robot", "policy", "vision",
        "transformer", "attention", "reasoning", "benchmark", "agents", "retrieval", "sparse", "self-supervised",
    ];

    [Fact]
    public void Parallel_ranking_matches_a_single_threaded_searcher()
    {
        using (var index = LuceneIndex.Open(_folder))
        {
            var rng = new Random(7);
            string Text(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => Words[rng.Next(Words.Length)]));
            for (var seg = 0; seg < Segments; seg++)
            {
                var per = Papers / Segments;
                index.Upsert(Enumerable.Range(seg * per, per).Select(i => new SearchDoc
                {
                    PaperId = i + 1,
                    ArxivId = $"2401.{i + 1:D5}",
                    Title = Text(3 + i % 4),
                    Abstract = Text(8 + i % 9),
                }).ToList());
                index.Refresh(); // each batch becomes a segment of its own
            }
            index.MarkApplied(Papers, durable: true);

            using var reader = DirectoryReader.Open(FSDirectory.Open(_folder));
            Assert.True(reader.Leaves.Count >= 2, $"{reader.Leaves.Count} segment(s)");
            var plain = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
            var pid = MultiDocValues.GetNumericValues(reader, LuceneIndex.F.PaperId);

            foreach (var text in new[] { "graph neural network", "pre-training language model", "\"self-supervised vision\" -robot", "diffusion" })
            {
                var expected = plain.Search(LuceneQueries.Build(index.Analyzer, text)!, 200);
                var expectedIds = expected.ScoreDocs.Select(sd => pid.Get(sd.Doc)).ToList();
                Assert.True(expected.TotalHits > 100, $"{text}: {expected.TotalHits} hits");

                var (ids, total, useless) = index.TopIds(new SearchQuery { Text = text }, 200);
                Assert.False(useless);
                Assert.Equal(expected.TotalHits, total);
                Assert.Equal(expectedIds, ids);

                var page = index.Search(new SearchQuery { Text = text, Offset = 20, Limit = 30 });
                Assert.Equal(expected.TotalHits, page.Total);
                Assert.Equal(expectedIds.Skip(20).Take(30), page.Hits.Select(h => h.PaperId));
                Assert.Equal(expected.ScoreDocs.Skip(20).Take(30).Select(sd => sd.Score), page.Hits.Select(h => h.Score));
                Assert.All(page.Hits, h => Assert.Contains("<mark>", (h.TitleHtml ?? "") + h.AbstractHtml));
            }
        }
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_folder)) System.IO.Directory.Delete(_folder, true);
    }
}
