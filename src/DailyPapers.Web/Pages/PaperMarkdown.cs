using System.Text;
using DailyPapers.Papers;

namespace DailyPapers.Web.Pages;

/// <summary>The paper page as Markdown (/papers/{id}.md), for tools and language models that read papers as text.</summary>
public static class PaperMarkdown
{
    public static string Render(PaperView view, string baseUrl)
    {
        var p = view.Paper;
        var id = new ArxivId(p.ArxivId, null);
        var entry = view.Entries.Count > 0 ? view.Entries[^1] : null;
        var org = p.Organization ?? entry?.Organization;
        var sb = new StringBuilder();
        sb.Append("# ").Append(Text(PaperText.CollapseWhitespace(p.Title))).Append("\n\n");

        var authors = p.Authors.Select(a => a.Name).ToList();
        if (authors.Count > 0) Line(sb, "Authors", Text(string.Join(", ", authors)));
        Line(sb, "arXiv", $"[{id.Id}]({id.AbsUrl}) · [PDF]({id.PdfUrl})");
        if (p.PublishedAt is { } pub) Line(sb, "Published", Fmt.Iso(pub)[..10]);
        if (entry?.SubmittedBy is { } by)
            Line(sb, "Submitted by", Text($"{by.FullName ?? by.Handle} (@{by.Handle}) on {Fmt.Iso(entry.FeedDate)}"));
        if (org is not null) Line(sb, "Organization", Text(org.FullName ?? org.Name));
        Line(sb, "Upvotes", view.Upvotes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Line(sb, "Comments", view.NumComments.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (WebLink.IsHttp(p.GithubRepo)) Line(sb, "GitHub", Text(p.GithubStars is { } s ? $"{p.GithubRepo} (★ {s})" : p.GithubRepo));
        if (WebLink.IsHttp(p.ProjectPage)) Line(sb, "Project page", Text(p.ProjectPage));
        if (p.Categories.Count > 0) Line(sb, "Categories", Text(string.Join(", ", p.Categories)));
        if (p.Doi is { } doi) Line(sb, "DOI", $"[{Text(doi)}](https://doi.org/{Uri.EscapeDataString(doi).Replace("%2F", "/", StringComparison.Ordinal)})");
        if (p.JournalRef is { } jr) Line(sb, "Journal reference", Text(jr));
        if (p.Comments is { } c) Line(sb, "arXiv comments", Text(PaperText.CollapseWhitespace(c)));
        if (view.Entries.Count > 0)
            Line(sb, "Featured on", string.Join(", ", view.Entries.Select(e => $"[{Fmt.Iso(e.FeedDate)}]({baseUrl}/papers/date/{Fmt.Iso(e.FeedDate)})")));
        Line(sb, "Page", $"{baseUrl}/papers/{id.Id}");

        if (p.AiSummary is { Length: > 0 } ai)
        {
            sb.Append("\n## AI summary\n\n").Append(Text(ai.Trim())).Append('\n');
            if (p.AiKeywords.Count > 0) sb.Append("\nKeywords: ").Append(Text(string.Join(", ", p.AiKeywords))).Append('\n');
        }
        sb.Append("\n## Abstract\n\n");
        sb.Append(Text(string.Join("\n\n", PaperText.Paragraphs(p.Abstract)))).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// Imported text as text: most Markdown renderers pass HTML through, so "&lt;" is written as the entity and no
    /// field can open an element (&lt;script&gt;, &lt;img onerror=…&gt;). An entity, not a backslash: a backslash in the
    /// input could cancel that one. Readers of the raw text still see what "&lt;" means.
    /// </summary>
    public static string Text(string s) => s.Replace("<", "&lt;", StringComparison.Ordinal);

    private static void Line(StringBuilder sb, string label, string value) =>
        sb.Append("- **").Append(label).Append(":** ").Append(value).Append('\n');
}
