using DailyPapers.Storage;
using DailyPapers.Web.Accounts;

namespace DailyPapers.Web.Pages;

public sealed partial class PaperModel
{
    /// <summary>Who submitted the paper to the feed, with their note; null for papers from the HF data.</summary>
    public SubmissionNote? Submission { get; private set; }

    /// <summary>
    /// The submitter just landed here from /papers/submit. Only shown to them: signed-in requests are never served
    /// from or stored in the output cache, so nobody else sees it.
    /// </summary>
    public bool JustSubmitted { get; private set; }

    private async Task LoadSubmissionAsync(CancellationToken ct)
    {
        Submission = await HttpContext.RequestServices.GetRequiredService<SubmissionStore>().GetNoteAsync(View!.Id, ct);
        JustSubmitted = Submission is not null && Request.Query["submitted"] == "1"
            && User.UserId() is not null && string.Equals(User.Identity?.Name, Submission.Handle, StringComparison.Ordinal);
    }
}
