using DailyPapers.Papers;

namespace DailyPapers.Community;

/// <summary>What a person asked to submit, as typed into the form or sent to the API.</summary>
public sealed record SubmissionForm(string? Paper, string? Organization, string? Comment, IReadOnlyList<string>? MediaUrls);

/// <summary>A submission whose fields passed <see cref="SubmissionInput.Validate"/>.</summary>
public sealed record SubmissionRequest(ArxivId Id, string? Organization, string? Comment, IReadOnlyList<string> MediaUrls);

/// <summary>Checks and tidies the fields of a submission; pure, so each case has a table test.</summary>
public static class SubmissionInput
{
    /// <summary>A short note, shown as plain text beside the paper (HF's submit form has none this long).</summary>
    public const int MaxCommentChars = 1000;
    /// <summary>Links to a video, demo or figures: a few are useful, a list is spam.</summary>
    public const int MaxMediaUrls = 4;
    public const int MaxUrlChars = 2000;
    /// <summary>Organisation names on HF are handles of at most 96 characters.</summary>
    public const int MaxOrganizationChars = 100;

    /// <summary>The request, or the first problem in words (the caller answers 400 with it).</summary>
    public static (SubmissionRequest? Request, string? Problem) Validate(SubmissionForm form)
    {
        if (string.IsNullOrWhiteSpace(form.Paper))
            return (null, "Paste an arXiv id or link, such as 2401.12345 or https://arxiv.org/abs/2401.12345.");
        if (!ArxivId.TryParse(form.Paper.Trim(), out var id, out var idError))
            return (null, idError);

        var org = form.Organization?.Trim();
        if (org is { Length: 0 }) org = null;
        if (org is { Length: > MaxOrganizationChars })
            return (null, $"The organisation name is {org.Length} characters long; names have at most {MaxOrganizationChars}.");

        // Line endings are made uniform so the length limit counts what the reader sees.
        var comment = form.Comment?.Replace("\r\n", "\n").Trim();
        if (comment is { Length: 0 }) comment = null;
        if (comment is { Length: > MaxCommentChars })
            return (null, $"The comment is {comment.Length} characters long; at most {MaxCommentChars} are allowed.");
        if (comment is not null && comment.Any(c => char.IsControl(c) && c is not '\n' and not '\t'))
            return (null, "The comment contains control characters; write plain text.");

        var media = new List<string>();
        foreach (var raw in form.MediaUrls ?? [])
        {
            var url = raw?.Trim();
            if (string.IsNullOrEmpty(url)) continue;
            if (url.Length > MaxUrlChars)
                return (null, $"A media URL is {url.Length} characters long; at most {MaxUrlChars} are allowed.");
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || string.IsNullOrEmpty(uri.Host) || url.Any(char.IsWhiteSpace))
                return (null, $"\"{Clip(url)}\" is not a web address: media URLs start with http:// or https://.");
            if (!media.Contains(uri.AbsoluteUri, StringComparer.Ordinal)) media.Add(uri.AbsoluteUri);
        }
        if (media.Count > MaxMediaUrls)
            return (null, $"{media.Count} media URLs were given; at most {MaxMediaUrls} are allowed.");
        return (new SubmissionRequest(id, org, comment, media), null);
    }

    /// <summary>Media URLs typed one per line (the form's text area).</summary>
    public static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string Clip(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
