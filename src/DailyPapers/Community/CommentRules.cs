namespace DailyPapers.Community;

/// <summary>What a comment and a moderator's hiding reason must be, with the messages people see when they are not.</summary>
public static class CommentRules
{
    /// <summary>Characters of Markdown source: a long review fits; a pasted paper does not. Configurable up to the renderer's cap.</summary>
    public const int DefaultMaxLength = 10_000;
    public const int MaxReasonLength = 500; // characters: a sentence or two, shown to everyone in place of the comment

    /// <summary>Null when the body can be posted, else why not.</summary>
    public static string? BodyProblem(string? body, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(body)) return "Write something first: the comment is empty.";
        if (body.Length > maxLength)
            return $"A comment can be at most {maxLength:N0} characters; this one has {body.Length:N0}. Shorten it and post again.";
        return null;
    }

    public static string? ReasonProblem(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return "Give a reason for hiding the comment: everyone sees it in the comment's place.";
        if (reason.Trim().Length > MaxReasonLength) return $"The reason can be at most {MaxReasonLength} characters; this one has {reason.Trim().Length:N0}.";
        return null;
    }

    /// <summary>Line endings as one kind, trailing blanks dropped, so edits compare and count the same on every browser.</summary>
    public static string Normalize(string body) => body.Replace("\r\n", "\n").Replace('\r', '\n').TrimEnd();
}
