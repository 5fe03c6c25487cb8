using DailyPapers.Papers;

namespace DailyPapers.Web.Pages;

/// <summary>One card on a feed page; <see cref="ShowFeedDate"/> on week and month pages, where cards mix days.</summary>
public sealed record PaperCardModel(FeedItem Item, bool ShowFeedDate)
{
    public Paper Paper => Item.Paper.Paper;
    public string Title => Item.Entry.Title ?? PaperText.CollapseWhitespace(Paper.Title);
    public OrganizationRef? Organization => Item.Entry.Organization ?? Paper.Organization;
    public int VisibleAuthors => Paper.Authors.Count(a => !a.Hidden);
}
