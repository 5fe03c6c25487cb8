using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Web.Pages.Moderation;

/// <summary>/moderation/claims: pending authorship claims, oldest first, for moderators and admins to decide.</summary>
[Authorize(Policy = AuthNames.ModeratorPolicy)]
[EnableRateLimiting(Web.Authorship.AuthorshipSetup.RateLimit)]
public sealed class ClaimsModel(ClaimStore claims, AccountStore accounts, AccountMails mails) : AppPageModel
{
    /// <summary>Claims shown at once; the rest wait for the next page load.</summary>
    public const int QueueLimit = 100;
    public const int MaxReasonLength = 500;

    public IReadOnlyList<AuthorClaim> Pending { get; private set; } = [];
    public int Total { get; private set; }
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Message = done switch { "approved" => "Claim approved: the author is now verified.", "rejected" => "Claim rejected.", _ => null };
        await LoadAsync(ct);
    }

    public Task<IActionResult> OnPostApproveAsync(long claim, CancellationToken ct) => DecideAsync(claim, true, null, ct);

    public Task<IActionResult> OnPostRejectAsync(long claim, string? reason, CancellationToken ct) => DecideAsync(claim, false, reason, ct);

    private async Task<IActionResult> DecideAsync(long claim, bool approve, string? reason, CancellationToken ct)
    {
        if (reason is { Length: > MaxReasonLength })
            return await ErrorAsync(400, $"The reason is {reason.Length} characters long; keep it under {MaxReasonLength}.", ct);
        var outcome = await claims.DecideAsync(claim, User.UserId()!.Value, approve, reason, ct);
        if (outcome is DecideOutcome.Approved or DecideOutcome.Rejected) await NotifyClaimantAsync(claim, outcome == DecideOutcome.Approved, ct);
        return outcome switch
        {
            DecideOutcome.Approved => Redirect("/moderation/claims?done=approved"),
            DecideOutcome.Rejected => Redirect("/moderation/claims?done=rejected"),
            DecideOutcome.NotFound => await ErrorAsync(404, $"There is no claim {claim}.", ct),
            DecideOutcome.NotPending => await ErrorAsync(409, $"Claim {claim} was already decided or withdrawn.", ct),
            DecideOutcome.AuthorGone => await ErrorAsync(409, $"The author entry of claim {claim} changed since it was filed; reject it and ask the user to claim again.", ct),
            _ => await ErrorAsync(409, $"The author entry of claim {claim} is already verified for someone else.", ct),
        };
    }

    /// <summary>Mails the decision to the claimant's address, if it is confirmed (an unconfirmed one may not be theirs).</summary>
    private async Task NotifyClaimantAsync(long claimId, bool approved, CancellationToken ct)
    {
        if (await claims.GetAsync(claimId, ct) is not { } decided) return;
        if (await accounts.FindByIdAsync(decided.UserId, ct) is not { IsConfirmed: true, DeletedAt: null, Email: { } email } claimant) return;
        await mails.SendClaimDecision(Request, email, claimant.Handle, decided, approved);
    }

    private async Task<IActionResult> ErrorAsync(int status, string message, CancellationToken ct)
    {
        Response.StatusCode = status;
        Message = message;
        MessageIsError = true;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Authorship claims";
        (Pending, Total) = await claims.ListPendingAsync(QueueLimit, ct);
    }
}
