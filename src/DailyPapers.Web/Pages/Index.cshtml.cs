using DailyPapers.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Web.Pages;

public sealed class IndexModel(PaperStore store) : PageModel
{
    public long Papers { get; private set; }
    public async Task OnGetAsync() => (Papers, _, _) = await store.CountAsync(HttpContext.RequestAborted);
}
