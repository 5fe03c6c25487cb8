using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Web.Pages;

public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";
    public string Message { get; private set; } = "The server could not complete the request.";

    public void OnGet(int? code)
    {
        (Title, Message) = code switch
        {
            404 => ("Not found", "There is no page at this address."),
            400 => ("Bad request", "The request was not understood."),
            429 => ("Too many requests", "Please wait a moment and try again."),
            _ => (Title, Message),
        };
    }
}
