using System.Text.RegularExpressions;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Web.Http;

/// <summary>What became of an arXiv id taken from a path or a body: the paper, or why there is none (400 or 404).
/// <see cref="Id"/> is set whenever the input parsed, also when no paper has it (a page can still link back to it).</summary>
public sealed record PaperFind(PaperView? Paper, ArxivId Id, int Status, string? Message);

/// <summary>
/// The one way from an arXiv id a client sent to a stored paper. Not an id at all: 400 with the parser's reason.
/// Well formed but naming nothing (an unknown paper, or 9999.99999 whose month cannot exist, see
/// <see cref="IsIdShaped"/>): 404. Endpoints take <see cref="FindAsync(HttpContext, string?)"/>, which answers
/// with problem details; pages and file endpoints take <see cref="FindAsync(PaperStore, string?, CancellationToken)"/>
/// and draw the refusal their own way.
/// </summary>
public static partial class PaperLookup
{
    [GeneratedRegex(@"^\d{4}\.\d{4,5}(v\d{1,3})?$", RegexOptions.CultureInvariant)]
    private static partial Regex NewStyleShape();

    /// <summary>
    /// ArxivId.TryParse rejects ids with an impossible month (9999.99999). To a user such an id is well formed but
    /// names no paper, so pages and the API answer 404 for it rather than 400 (issue 2's acceptance list).
    /// </summary>
    public static bool IsIdShaped(string? s) => s is not null && NewStyleShape().IsMatch(s.Trim());

    public static string NotFoundMessage(string id) => $"Paper {id} not found.";

    /// <summary>The id, or the status (400/404) and message of a refusal, without touching the database.</summary>
    public static PaperFind Parse(string? raw)
    {
        if (ArxivId.TryParse(raw, out var id, out var error)) return new PaperFind(null, id, StatusCodes.Status200OK, null);
        return IsIdShaped(raw)
            ? new PaperFind(null, default, StatusCodes.Status404NotFound, NotFoundMessage(raw!.Trim()))
            : new PaperFind(null, default, StatusCodes.Status400BadRequest, error);
    }

    /// <summary>The stored paper, or a 400/404 with its message.</summary>
    public static async Task<PaperFind> FindAsync(PaperStore store, string? raw, CancellationToken ct)
    {
        var parsed = Parse(raw);
        if (parsed.Status != StatusCodes.Status200OK) return parsed;
        return await store.GetAsync(parsed.Id.Id, ct) is { } view
            ? parsed with { Paper = view }
            : parsed with { Status = StatusCodes.Status404NotFound, Message = NotFoundMessage(parsed.Id.Id) };
    }

    /// <summary>For an API endpoint: the paper, or the problem-details answer to return as it is.</summary>
    public static async Task<(PaperView? Paper, IResult? Problem)> FindAsync(HttpContext http, string? raw)
    {
        var find = await FindAsync(http.RequestServices.GetRequiredService<PaperStore>(), raw, http.RequestAborted);
        return find.Paper is { } paper ? (paper, null) : (null, ApiProblem.Result(find.Status, find.Message!));
    }
}
