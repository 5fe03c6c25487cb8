using DailyPapers.Papers;
using Microsoft.AspNetCore.Html;

namespace DailyPapers.Web.Pages;

/// <summary>
/// One card of a paper list: a feed day (with the entry that featured it), or a search result (with the engine's
/// highlighted title and teaser). <see cref="ShowFeedDate"/> on pages where cards mix days.
/// </summary>
public sealed record PaperCardModel(PaperView View, DailyEntry? Entry, bool ShowFeedDate)
{
    public PaperCardModel(FeedItem item, bool showFeedDate) : this(item.Paper, item.Entry, showFeedDate) { }

    /// <summary>HTML-encoded title with &lt;mark&gt; around matched terms (from the search engine), or null.</summary>
    public HtmlString? TitleHtml { get; init; }
    /// <summary>HTML-encoded abstract fragment(s) with &lt;mark&gt; around matched terms, or null for the plain teaser.</summary>
    public HtmlString? TeaserHtml { get; init; }

    public Paper Paper => View.Paper;
    public string Title => Entry?.Title ?? PaperText.CollapseWhitespace(Paper.Title);
    public OrganizationRef? Organization => Entry?.Organization ?? Paper.Organization;
    /// <summary>Every author: "hidden" in the HF data hides the paper from that author's profile, not the name from the paper.</summary>
    public int VisibleAuthors => Paper.Authors.Count;
    /// <summary>The feed day shown: the entry's, else the first time the paper was featured.</summary>
    public DateOnly? FeedDate => Entry?.FeedDate ?? (View.FirstFeaturedAt is { } f ? DateOnly.FromDateTime(f.UtcDateTime) : null);
}
