using System.Text;
using DailyPapers.Papers;
using DailyPapers.Search;

namespace DailyPapers.Web.Pages;

/// <summary>
/// "Similar papers": nearest neighbours by meaning. Until vectors exist (a fresh install while the embedding job
/// runs, or a node with embeddings off) the list falls back to a full-text search with the paper's title and AI
/// keywords, so a paper with text never shows an empty section.
/// </summary>
public static class SimilarPapers
{
    /// <summary>How many neighbours a paper page shows.</summary>
    public const int OnPaperPage = 6;
    /// <summary>The full list at /papers?similar_to=ID.</summary>
    public const int FullList = 30;
    /// <summary>The fallback query stays under the engine's cut (QueryText.MaxChars) so no keyword is lost mid-word.</summary>
    private const int FallbackQueryChars = 400;

    public sealed record Found(IReadOnlyList<SearchHit> Hits, bool ByMeaning);

    public static async Task<Found> FindAsync(SearchService search, PaperView paper, int k, CancellationToken ct)
    {
        var similar = await search.SimilarAsync(paper.Paper.ArxivId, k, ct);
        var hits = similar.Hits.Where(h => h.PaperId != paper.Id).ToList();
        if (hits.Count > 0) return new Found(hits, true);

        var text = FallbackQuery(paper.Paper);
        if (text.Length == 0) return new Found([], false);
        var lexical = await search.SearchAsync(new SearchQuery { Text = text, Limit = k + 1 }, ct);
        return new Found(lexical.Hits.Where(h => h.PaperId != paper.Id).Take(k).ToList(), false);
    }

    /// <summary>Title and AI keywords as plain words: quotes and leading '-' would turn them into phrases and exclusions.</summary>
    public static string FallbackQuery(Paper p)
    {
        var sb = new StringBuilder();
        foreach (var piece in new[] { p.Title }.Concat(p.AiKeywords))
        {
            foreach (var word in PaperText.CollapseWhitespace(piece).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var w = word.Replace("\"", "").Replace("\u201C", "").Replace("\u201D", "").TrimStart('-');
                if (w.Length == 0) continue;
                if (sb.Length + w.Length + 1 > FallbackQueryChars) return sb.ToString();
                if (sb.Length > 0) sb.Append(' ');
                sb.Append(w);
            }
        }
        return sb.ToString();
    }
}
