using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;

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
        // Mentions become Markdown links before rendering, so code spans and blocks keep their text as written.
        var withLinks = Mention().Replace(markdown, m =>
        {
            var handle = m.Groups[1].Value;
            if (!_userExists(handle)) return m.Value;
            if (!mentions.Contains(handle, StringComparer.OrdinalIgnoreCase)) mentions.Add(handle);
            return $"[@{handle}](/users/{Uri.EscapeDataString(handle)})";
        });
        var html = Markdown.ToHtml(withLinks, Pipeline);
        return new RenderedComment(_sanitizer.Sanitize(html), mentions);
    }
}
