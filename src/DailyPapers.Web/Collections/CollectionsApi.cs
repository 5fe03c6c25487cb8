using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DailyPapers.Community;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using DailyPapers.Web.Http;
using Microsoft.AspNetCore.Authentication;

namespace DailyPapers.Web.Collections;

/// <summary>
/// The collections API. Reads are open for public collections (a bearer token also shows the caller's private
/// ones); writes need a bearer token and the caller must own the collection. A private collection of someone else
/// answers 404 as if it did not exist; a public one 403. Errors are problem details with an <c>error</c> field (<see cref="ApiProblem"/>).
/// </summary>
public static class CollectionsApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/users/{handle}/collections", ListAsync);
        api.MapGet("/collections/{owner}/{slug}", GetAsync);
        api.MapPost("/collections", (Func<HttpContext, Task<IResult>>)CreateAsync).RequireAuthorization(AuthNames.ApiUser);
        api.MapPatch("/collections/{owner}/{slug}", UpdateAsync).RequireAuthorization(AuthNames.ApiUser);
        api.MapDelete("/collections/{owner}/{slug}", DeleteAsync).RequireAuthorization(AuthNames.ApiUser);
        api.MapPost("/collections/{owner}/{slug}/items", AddItemAsync).RequireAuthorization(AuthNames.ApiUser);
        // Old-style arXiv ids carry a slash (hep-th/9901001), hence the two-segment routes.
        api.MapPatch("/collections/{owner}/{slug}/items/{id}", (HttpContext h, string owner, string slug, string id) => UpdateItemAsync(h, owner, slug, id))
            .RequireAuthorization(AuthNames.ApiUser);
        api.MapPatch("/collections/{owner}/{slug}/items/{archive}/{number}", (HttpContext h, string owner, string slug, string archive, string number) =>
            UpdateItemAsync(h, owner, slug, archive + "/" + number)).RequireAuthorization(AuthNames.ApiUser);
        api.MapDelete("/collections/{owner}/{slug}/items/{id}", (HttpContext h, string owner, string slug, string id) => RemoveItemAsync(h, owner, slug, id))
            .RequireAuthorization(AuthNames.ApiUser);
        api.MapDelete("/collections/{owner}/{slug}/items/{archive}/{number}", (HttpContext h, string owner, string slug, string archive, string number) =>
            RemoveItemAsync(h, owner, slug, archive + "/" + number)).RequireAuthorization(AuthNames.ApiUser);
    }

    private static CollectionStore Store(HttpContext h) => h.RequestServices.GetRequiredService<CollectionStore>();

    private static async Task<IResult> ListAsync(HttpContext http, string handle)
    {
        var (viewer, problem) = await ViewerAsync(http);
        if (problem is not null) return problem;
        var person = handle.Length <= 100 ? await http.RequestServices.GetRequiredService<AccountStore>().FindByHandleAsync(handle, http.RequestAborted) : null;
        if (person is null || person.DeletedAt is not null) return Error(404, $"There is no user called \"{handle}\".");
        var list = await Store(http).ListByOwnerAsync(person.Id, includePrivate: viewer == person.Id, http.RequestAborted);
        var site = http.SiteBase();
        return Results.Json(list.Select(c => CollectionJson.From(c, site, null)).ToList(), CollectionJsonContext.Default.ListCollectionJson);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string owner, string slug)
    {
        var (viewer, problem) = await ViewerAsync(http);
        if (problem is not null) return problem;
        var c = await CollectionAccess.VisibleAsync(Store(http), owner, slug, viewer, http.RequestAborted);
        if (c is null) return Error(404, CollectionAccess.NotFoundMessage(owner, slug));
        return await FullAsync(http, c, 200);
    }

    private static async Task<IResult> CreateAsync(HttpContext http)
    {
        var userId = http.User.UserId()!.Value;
        if (await Limit(http, userId) is { } tooMany) return tooMany;
        var (body, problem) = await BodyAsync(http, CollectionJsonContext.Default.CreateCollectionRequest);
        if (problem is not null) return problem;
        var title = CollectionRules.Title(body!.Title, out var why);
        if (title is null) return Error(400, why!);
        var description = CollectionRules.Description(body.Description, out why);
        if (description is null) return Error(400, why!);
        var (outcome, created) = await Store(http).CreateAsync(userId, title, description, body.Private ?? false, http.RequestAborted);
        if (outcome == CreateCollectionOutcome.TooMany) return Error(409, CollectionRules.TooManyMessage);
        http.Response.Headers.Location = $"/api/collections/{Uri.EscapeDataString(created!.OwnerHandle)}/{created.Slug}";
        return await FullAsync(http, created, 201);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string owner, string slug)
    {
        var (c, problem) = await OwnedAsync(http, owner, slug);
        if (problem is not null) return problem;
        var (body, bad) = await BodyAsync(http, CollectionJsonContext.Default.UpdateCollectionRequest);
        if (bad is not null) return bad;
        string? why = null;
        var title = body!.Title is null ? c!.Title : CollectionRules.Title(body.Title, out why);
        if (title is null) return Error(400, why!);
        var description = body.Description is null ? c!.Description : CollectionRules.Description(body.Description, out why);
        if (description is null) return Error(400, why!);
        await Store(http).UpdateAsync(c!.Id, title, description, body.Private ?? c.IsPrivate, http.RequestAborted);
        return await FullAsync(http, (await Store(http).GetAsync(c.Id, http.RequestAborted))!, 200);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string owner, string slug)
    {
        var (c, problem) = await OwnedAsync(http, owner, slug);
        if (problem is not null) return problem;
        await Store(http).DeleteAsync(c!.Id, http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> AddItemAsync(HttpContext http, string owner, string slug)
    {
        var (c, problem) = await OwnedAsync(http, owner, slug);
        if (problem is not null) return problem;
        var (body, bad) = await BodyAsync(http, CollectionJsonContext.Default.AddItemRequest);
        if (bad is not null) return bad;
        if (string.IsNullOrWhiteSpace(body!.Paper)) return Error(400, "Say which paper to add: {\"paper\": \"2401.00001\"}.");
        var note = CollectionRules.Note(body.Note, out var why);
        if (note is null) return Error(400, why!);
        var (paperId, missing) = await PaperAsync(http, body.Paper);
        if (missing is not null) return missing;
        var outcome = await Store(http).AddItemAsync(c!.Id, paperId, note, http.RequestAborted);
        switch (outcome)
        {
            case AddItemOutcome.Full: return Error(409, CollectionRules.FullMessage);
            case AddItemOutcome.NoSuchCollection: return Error(404, CollectionAccess.NotFoundMessage(owner, slug));
            // Already there: the paper keeps its place; a note sent now replaces the old one.
            case AddItemOutcome.AlreadyThere when body.Note is not null: await Store(http).SetNoteAsync(c.Id, paperId, note, http.RequestAborted); break;
        }
        return await FullAsync(http, c, outcome == AddItemOutcome.Added ? 201 : 200);
    }

    private static async Task<IResult> UpdateItemAsync(HttpContext http, string owner, string slug, string rawId)
    {
        var (c, problem) = await OwnedAsync(http, owner, slug);
        if (problem is not null) return problem;
        var (body, bad) = await BodyAsync(http, CollectionJsonContext.Default.UpdateItemRequest);
        if (bad is not null) return bad;
        var (paperId, missing) = await PaperAsync(http, rawId);
        if (missing is not null) return missing;
        var store = Store(http);
        if (body!.Note is not null)
        {
            var note = CollectionRules.Note(body.Note, out var why);
            if (note is null) return Error(400, why!);
            if (!await store.SetNoteAsync(c!.Id, paperId, note, http.RequestAborted)) return NotInCollection(rawId, c);
        }
        if (body.Position is { } position)
        {
            if (position < 0) return Error(400, $"position must be 0 or more (0 is the top); got {position}.");
            if (!await store.MoveItemAsync(c!.Id, paperId, position, http.RequestAborted)) return NotInCollection(rawId, c);
        }
        return await FullAsync(http, c!, 200);
    }

    private static async Task<IResult> RemoveItemAsync(HttpContext http, string owner, string slug, string rawId)
    {
        var (c, problem) = await OwnedAsync(http, owner, slug);
        if (problem is not null) return problem;
        var (paperId, missing) = await PaperAsync(http, rawId);
        if (missing is not null) return missing;
        return await Store(http).RemoveItemAsync(c!.Id, paperId, http.RequestAborted) ? Results.NoContent() : NotInCollection(rawId, c!);
    }

    private static IResult NotInCollection(string id, Collection c) => Error(404, $"Paper {id} is not in the collection \"{c.Title}\".");

    /// <summary>The caller's collection for a write, after the rate limit: 404 if they cannot see it, 403 if it is someone else's.</summary>
    private static async Task<(Collection?, IResult?)> OwnedAsync(HttpContext http, string owner, string slug)
    {
        var userId = http.User.UserId()!.Value;
        if (await Limit(http, userId) is { } tooMany) return (null, tooMany);
        var c = await CollectionAccess.VisibleAsync(Store(http), owner, slug, userId, http.RequestAborted);
        if (c is null) return (null, Error(404, CollectionAccess.NotFoundMessage(owner, slug)));
        return c.OwnerId == userId ? (c, null) : (null, Error(403, CollectionAccess.NotOwnerMessage(c)));
    }

    /// <summary>The caller of a read: anonymous, or the account of a valid bearer token (a bad token is a 401, not anonymous).</summary>
    private static async Task<(long?, IResult?)> ViewerAsync(HttpContext http)
    {
        if (string.IsNullOrEmpty(http.Request.Headers.Authorization)) return (null, null);
        var auth = await http.AuthenticateAsync(AuthNames.Bearer);
        if (auth.Succeeded) return (auth.Principal.UserId(), null);
        return (null, Error(401, "Invalid credentials in Authorization header: the token is unknown or was revoked."));
    }

    private static Task<IResult?> Limit(HttpContext http, long userId) =>
        TooManyRequests.CheckAsync(http, http.RequestServices.GetRequiredService<CollectionLimiter>(), userId, CollectionLimiter.What);

    private static async Task<(long PaperId, IResult? Problem)> PaperAsync(HttpContext http, string rawId)
    {
        var (paper, problem) = await PaperLookup.FindAsync(http, rawId);
        return (paper?.Id ?? 0, problem);
    }

    private static async Task<(T?, IResult?)> BodyAsync<T>(HttpContext http, JsonTypeInfo<T> info) where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync(http.Request.Body, info, http.RequestAborted);
            return body is null ? (null, Error(400, "Send a JSON object as the request body.")) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, Error(400, $"The request body is not the JSON this endpoint takes: {e.Message}"));
        }
    }

    internal static async Task<IResult> FullAsync(HttpContext http, Collection c, int status)
    {
        var fresh = await Store(http).GetAsync(c.Id, http.RequestAborted) ?? c;
        var items = await Store(http).ItemsAsync(c.Id, http.RequestAborted);
        return Results.Json(CollectionJson.From(fresh, http.SiteBase(), items), CollectionJsonContext.Default.CollectionJson, statusCode: status);
    }

    private static IResult Error(int status, string message) => ApiProblem.Result(status, message);
}
