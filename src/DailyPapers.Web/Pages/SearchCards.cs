using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Storage;
using Microsoft.AspNetCore.Html;

namespace DailyPapers.Web.Pages;

/// <summary>Turns search hits into cards: loads the papers (with their feed entries) and keeps the engine's highlights.</summary>
public static partial class SearchCards
{
    public static async Task<IReadOnlyList<PaperCardModel>> BuildAsync(PaperStore store, IReadOnlyList<SearchHit> hits, bool highlight, CancellationToken ct)
    {
        var views = (await store.GetManyWithEntriesAsync(hits.Select(h => h.PaperId).ToList(), ct)).ToDictionary(v => v.Id);
        var cards = new List<PaperCardModel>(hits.Count);
        foreach (var h in hits)
        {
            if (!views.TryGetValue(h.PaperId, out var v)) continue; // deleted since it was indexed
            cards.Add(new PaperCardModel(v, v.Entries.Count > 0 ? v.Entries[^1] : null, ShowFeedDate: true)
            {
                // The engine's fragments are HTML-encoded text with only <mark> added, so they are safe to emit as is.
                TitleHtml = highlight && h.TitleHtml is { Length: > 0 } t ? new HtmlString(t) : null,
                TeaserHtml = highlight && h.AbstractHtml is { Length: > 0 } a ? new HtmlString(Ellipsize(a, v.Paper.Abstract)) : null,
            });
        }
        return cards;
    }

    [GeneratedRegex("</?mark>")]
    private static partial Regex MarkTag();

    /// <summary>Adds "…" where a highlighted fragment starts or ends inside the abstract, so a cut sentence reads as cut.</summary>
    public static string Ellipsize(string fragmentHtml, string abstractText)
    {
        var plain = PaperText.CollapseWhitespace(WebUtility.HtmlDecode(MarkTag().Replace(fragmentHtml, "")));
        var full = PaperText.CollapseWhitespace(abstractText);
        if (plain.Length == 0) return fragmentHtml;
        var head = plain[..Math.Min(40, plain.Length)];
        var tail = plain[^Math.Min(40, plain.Length)..];
        var html = fragmentHtml.Trim();
        if (!full.StartsWith(head, StringComparison.Ordinal)) html = "…" + html;
        if (!full.EndsWith(tail, StringComparison.Ordinal)) html += "…";
        return html;
    }
}
