using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using DailyPapers.Web.Http;

namespace DailyPapers.Web.Comments;

public sealed record ApiCommentAuthor([property: JsonPropertyName("user")] string? User, [property: JsonPropertyName("deleted")] bool Deleted);

/// <summary>A comment in the API. Text (markdown, html) is null for deleted and hidden comments.</summary>
public sealed record ApiComment(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("parentId")] long? ParentId,
    [property: JsonPropertyName("author")] ApiCommentAuthor Author,
    [property: JsonPropertyName("createdAt")] string CreatedAt,
    [property: JsonPropertyName("editedAt")] string? EditedAt,
    [property: JsonPropertyName("markdown")] string? Markdown,
    [property: JsonPropertyName("html")] string? Html,
    [property: JsonPropertyName("hidden")] bool Hidden,
    [property: JsonPropertyName("hiddenReason")] string? HiddenReason,
    [property: JsonPropertyName("deleted")] bool Deleted)
{
    public static ApiComment From(Comment c) => new(c.Id, c.ParentId,
        new ApiCommentAuthor(c.AuthorDeleted ? null : c.Handle, c.AuthorDeleted),
        SqlTime.Ts(c.CreatedAt)!, SqlTime.Ts(c.EditedAt),
        c.IsVisible ? c.Body : null, c.IsVisible ? c.Html : null, c.IsHidden, c.HiddenReason, c.IsDeleted);
}

/// <summary>The answer of a write: the comment as it is now and the paper's comment count.</summary>
public sealed record ApiCommentWrite([property: JsonPropertyName("comment")] ApiComment Comment, [property: JsonPropertyName("numComments")] int NumComments);

/// <summary>Request body of a new comment, reply or edit (HF's field name); of hiding: the reason.</summary>
public sealed record ApiCommentBody([property: JsonPropertyName("comment")] string? Comment, [property: JsonPropertyName("reason")] string? Reason);

[JsonSerializable(typeof(List<ApiComment>))]
[JsonSerializable(typeof(ApiCommentWrite))]
[JsonSerializable(typeof(ApiCommentBody))]
internal sealed partial class CommentJsonContext : JsonSerializerContext;

/// <summary>
/// Comment API, on Hugging Face's paths where it has them: <c>GET /api/papers/{id}/comments</c> (public),
/// <c>POST /api/papers/{id}/comment</c>, <c>POST /api/papers/{id}/comment/{commentId}/reply</c>,
/// <c>PATCH|DELETE /api/papers/{id}/comment/{commentId}</c> (own comments) and
/// <c>POST /api/papers/{id}/comment/{commentId}/hide|unhide</c> (moderators). Writes take a bearer token and go
/// through <see cref="CommentService"/>, so they obey the page's rules and share its rate limit. Old-style ids with a
/// slash (hep-th/9901001) work too.
/// </summary>
public static class CommentsApi
{
    public static IServiceCollection AddComments(this IServiceCollection services)
    {
        services.AddSingleton<CommentLimiter>();
        services.AddSingleton<CommentMails>();
        services.AddSingleton<CommentService>();
        return services;
    }

    public static IEndpointRouteBuilder MapComments(this IEndpointRouteBuilder app)
    {
        foreach (var paper in new[] { "/api/papers/{id}", "/api/papers/{archive}/{number}" })
        {
            app.MapGet(paper + "/comments", (Delegate)ListAsync).CacheOutput(WebHost.ShortCachePolicy);
            app.MapPost(paper + "/comment", Write(Op.Add)).RequireAuthorization(AuthNames.ApiUser);
            app.MapPost(paper + "/comment/{commentId}/reply", Write(Op.Reply)).RequireAuthorization(AuthNames.ApiUser);
            app.MapMethods(paper + "/comment/{commentId}", ["PATCH"], Write(Op.Edit)).RequireAuthorization(AuthNames.ApiUser);
            app.MapDelete(paper + "/comment/{commentId}", Write(Op.Delete)).RequireAuthorization(AuthNames.ApiUser);
            app.MapPost(paper + "/comment/{commentId}/hide", Write(Op.Hide)).RequireAuthorization(AuthNames.ApiUser);
            app.MapPost(paper + "/comment/{commentId}/unhide", Write(Op.Unhide)).RequireAuthorization(AuthNames.ApiUser);
        }
        return app;
    }

    private enum Op { Add, Reply, Edit, Delete, Hide, Unhide }

    // A Delegate (not a RequestDelegate), so the minimal-API machinery writes the returned IResult.
    private static Delegate Write(Op op) => (HttpContext http) => WriteAsync(http, op);

    private static async Task<IResult> ListAsync(HttpContext http)
    {
        var (paper, problem) = await PaperAsync(http);
        if (paper is null) return problem!;
        var all = await http.RequestServices.GetRequiredService<CommentStore>().ListAsync(paper.Id, http.RequestAborted);
        var list = CommentThread.Flatten(CommentThread.Build(all)).Select(ApiComment.From).ToList();
        return Results.Json(list, CommentJsonContext.Default.ListApiComment);
    }

    private static async Task<IResult> WriteAsync(HttpContext http, Op op)
    {
        if (http.User.UserId() is not { } userId)
            return Error(401, "Authentication required: send a personal API token as \"Authorization: Bearer <token>\".");
        var ct = http.RequestAborted;
        var (paper, problem) = await PaperAsync(http);
        if (paper is null) return problem!;
        long commentId = 0;
        if (op != Op.Add)
        {
            if (!long.TryParse(http.Request.RouteValues["commentId"] as string, NumberStyles.None, CultureInfo.InvariantCulture, out commentId))
                return Error(400, $"Not a comment id: \"{http.Request.RouteValues["commentId"]}\".");
        }
        ApiCommentBody? body = null;
        if (op is Op.Add or Op.Reply or Op.Edit or Op.Hide)
        {
            try { body = await http.Request.ReadFromJsonAsync(CommentJsonContext.Default.ApiCommentBody, ct); }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return Error(400, op == Op.Hide ? "Send a JSON body like {\"reason\": \"spam\"}." : "Send a JSON body like {\"comment\": \"Markdown text\"}.");
            }
        }
        var service = http.RequestServices.GetRequiredService<CommentService>();
        if (op is not (Op.Add or Op.Reply))
        {
            // The path names the paper: a comment of another paper is not found here.
            var found = await service.FindAsync(commentId, ct);
            if (found is null || found.Value.Comment.PaperId != paper.Id)
                return Error(404, $"There is no comment {commentId} on paper {paper.Paper.ArxivId}.");
        }

        var attempt = op switch
        {
            Op.Add => await service.AddAsync(http.Request, userId, paper, null, body?.Comment, ct),
            Op.Reply => await service.AddAsync(http.Request, userId, paper, commentId, body?.Comment, ct),
            Op.Edit => await service.EditAsync(http.Request, userId, paper, commentId, body?.Comment, ct),
            Op.Delete => await service.DeleteAsync(http.Request, userId, paper, commentId, ct),
            Op.Hide => await service.HideAsync(http.User, commentId, true, body?.Reason, ct),
            _ => await service.HideAsync(http.User, commentId, false, null, ct),
        };
        if (attempt.Limited)
            return TooManyRequests.Result(http, attempt.RetryAfterSeconds, TooManyRequests.Message("comments", attempt.RetryAfterSeconds));
        var w = attempt.Write!;
        return w.Outcome switch
        {
            CommentOutcome.Ok => Results.Json(new ApiCommentWrite(ApiComment.From(w.Comment!), w.NumComments), CommentJsonContext.Default.ApiCommentWrite,
                statusCode: op is Op.Add or Op.Reply ? 201 : 200),
            CommentOutcome.NotFound => Error(404, w.Error!),
            CommentOutcome.Forbidden => Error(403, w.Error!),
            _ => Error(400, w.Error!),
        };
    }

    private static Task<(PaperView? Paper, IResult? Problem)> PaperAsync(HttpContext http)
    {
        var rv = http.Request.RouteValues;
        return PaperLookup.FindAsync(http, rv["id"] as string ?? $"{rv["archive"]}/{rv["number"]}");
    }

    private static IResult Error(int status, string message) => ApiProblem.Result(status, message);
}
