using System.Net.Http;

namespace DailyPapers.Web.Tests;

/// <summary>The API's media types: JSON for answers, RFC 9457 problem details for errors (issue 11).</summary>
public static class ApiContentType
{
    public const string Problem = "application/problem+json";

    /// <summary>application/json for a success, application/problem+json for a 4xx/5xx.</summary>
    public static void Assert(HttpResponseMessage r) =>
        Xunit.Assert.Equal((int)r.StatusCode >= 400 ? Problem : "application/json", r.Content.Headers.ContentType?.MediaType);
}
