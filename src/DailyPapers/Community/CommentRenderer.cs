using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;
using Markdig.Helpers;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace DailyPapers.Community;

/// <summary>The HTML of a comment and the user handles it mentions.</summary>
public sealed record RenderedComment(string Html, IReadOnlyList<string> Mentions);

/// <summary>
/// Comment Markdown → safe HTML. Raw HTML in the source is not interpreted (it shows as text); math between
/// <c>$…$</c> / <c>$$…$$</c> is kept for KaTeX to render in the browser; the output then goes through an allow-list
/// sanitizer (tags, attributes, URL schemes), so <c>&lt;script&gt;</c>, event handlers and <c>javascript:</c> links
/// are inert whatever Markdig produces. Links get <c>rel="nofollow ugc noopener"</c>.
/// </summary>
public sealed partial class CommentRenderer
{
    public const int MaxSourceLength = 20_000; // characters: a long review fits; a pasted paper does not

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseMathematics()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseTaskLists()
        .Build();

    private readonly HtmlSanitizer _sanitizer;
    private readonly Func<string, bool> _userExists;

    /// <param name="userExists">Whether a handle names a user, so only real mentions become links.</param>
    public CommentRenderer(Func<string, bool> userExists)
    {
        _userExists = userExists;
        _sanitizer = new HtmlSanitizer();
        _sanitizer.AllowedTags.Clear();
        foreach (var tag in new[] { "p", "br", "hr", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a",
                     "h1", "h2", "h3", "h4", "h5", "h6", "span", "div", "table", "thead", "tbody", "tr", "th", "td", "input" })
            _sanitizer.AllowedTags.Add(tag);
        _sanitizer.AllowedAttributes.Clear();
        foreach (var attr in new[] { "href", "title", "class", "type", "checked", "disabled", "align" })
            _sanitizer.AllowedAttributes.Add(attr);
        _sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" }) _sanitizer.AllowedSchemes.Add(scheme);
        _sanitizer.AllowedClasses.Clear();
        // KaTeX needs the math spans; task lists their checkbox class; mentions their own.
        foreach (var cls in new[] { "math", "task-list-item", "task-list-item-checkbox", "contains-task-list", "mention" })
            _sanitizer.AllowedClasses.Add(cls);
        _sanitizer.AllowedCssProperties.Clear();
        _sanitizer.AllowDataAttributes = false;
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } a)
            {
                a.SetAttribute("rel", "nofollow ugc noopener");
                if (a.GetAttribute("href") is { } href && !href.StartsWith('/')) a.SetAttribute("target", "_blank");
            }
            if (e.Node is AngleSharp.Dom.IElement { TagName: "INPUT" } input)
                input.SetAttribute("disabled", "disabled");
        };
        _sanitizer.AllowedAttributes.Add("rel");
        _sanitizer.AllowedAttributes.Add("target");
    }

    [GeneratedRegex(@"(?<![\w@/])@([A-Za-z0-9][A-Za-z0-9_.-]{0,38}[A-Za-z0-9_]|[A-Za-z0-9])")]
    private static partial Regex Mention();

    public RenderedComment Render(string markdown)
    {
        if (markdown.Length > MaxSourceLength)
            throw new ArgumentException($"a comment can be at most {MaxSourceLength:N0} characters (this one has {markdown.Length:N0})");
        var mentions = new List<string>();
        var doc = Markdown.Parse(markdown, Pipeline);
        // Mentions are linked in the parsed text only, so code spans, code blocks and link texts keep what was written.
        foreach (var literal in doc.Descendants<LiteralInline>().ToList())
            if (!InsideLink(literal)) LinkMentions(literal, mentions);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(doc);
        writer.Flush();
        var html = writer.ToString();
        return new RenderedComment(_sanitizer.Sanitize(html), mentions);
    }

    private static bool InsideLink(Inline inline)
    {
        for (var p = inline.Parent; p is not null; p = p.Parent)
            if (p is LinkInline) return true;
        return false;
    }

    /// <summary>Splits one text run around the mentions of existing users, each becoming a link to the profile.</summary>
    private void LinkMentions(LiteralInline literal, List<string> mentions)
    {
        var text = literal.Content.ToString();
        Inline last = literal;
        var pos = 0;
        foreach (Match m in Mention().Matches(text))
        {
            var handle = m.Groups[1].Value;
            if (!_userExists(handle)) continue;
            if (!mentions.Contains(handle, StringComparer.OrdinalIgnoreCase)) mentions.Add(handle);
            if (pos == 0) literal.Content = new StringSlice(text[..m.Index]);
            else last = InsertAfter(last, new LiteralInline(text[pos..m.Index]));
            var link = new LinkInline($"/users/{Uri.EscapeDataString(handle)}", "");
            link.AppendChild(new LiteralInline("@" + handle));
            last = InsertAfter(last, link);
            pos = m.Index + m.Length;
        }
        if (pos > 0 && pos < text.Length) InsertAfter(last, new LiteralInline(text[pos..]));
    }

    private static Inline InsertAfter(Inline anchor, Inline next)
    {
        anchor.InsertAfter(next);
        return next;
    }
}
