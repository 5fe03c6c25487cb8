namespace DailyPapers.Web.Pages.Shared;

/// <summary>
/// The "Save to a collection" control of one paper: a compact menu on cards, open forms on the paper page.
/// <see cref="ReturnUrl"/>: where to go back to after adding (default: the page that drew the control).
/// </summary>
public sealed record AddToCollectionModel(long PaperId, string ArxivId, bool Compact, string? ReturnUrl = null)
{
    public string DomId => "collect-" + ArxivId.Replace('/', '-').Replace('.', '-');
}
