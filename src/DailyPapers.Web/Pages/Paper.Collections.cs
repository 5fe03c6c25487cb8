namespace DailyPapers.Web.Pages;

/// <summary>The paper page's collections part: its BibTeX entry (the add control reads the user's collections itself).</summary>
public sealed partial class PaperModel
{
    public string BibTex { get; private set; } = "";

    private void LoadCollections() => BibTex = Community.BibTex.Entry(Paper);
}
