using DailyPapers.Digests;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages.Account;

/// <summary>
/// /account/digest: the signed-in user's digest subscription (their confirmed account address, no double opt-in)
/// and their alerts. The search results page and paper pages post new alerts here too (handlers SaveSearch and
/// AddAlert), which redirect back to this page with the new alert highlighted.
/// </summary>
[Authorize(Policy = AuthNames.SignedIn)]
public sealed class DigestModel(AccountStore accounts, DigestStore digests, DigestSettings settings, ILogger<DigestModel> log) : AccountPageModel
{
    /// <summary>Alerts one user may keep: each is evaluated at every build, so the list is bounded.</summary>
    public const int MaxAlerts = 50;
    /// <summary>Longest organisation or author name accepted (names on arXiv are far shorter).</summary>
    public const int MaxValueChars = 200;

    public Storage.Account Me { get; private set; } = null!;
    public Subscriber? Subscription { get; private set; }
    public IReadOnlyList<DigestAlert> Alerts { get; private set; } = [];
    public bool DigestsEnabled => settings.Enabled;
    /// <summary>The alert just added (highlighted in the list).</summary>
    public long? AddedId { get; private set; }
    /// <summary>Which section the message belongs to: subscription or alerts.</summary>
    public string? Section { get; private set; }

    /// <summary>The address digests go to: the account's, normalised as subscriber addresses are.</summary>
    public string AccountAddress => EmailAddress.Normalize(Me.Email, out _) ?? Me.Email ?? "";
    public bool IsSubscribed => Subscription is { Status: "confirmed" };

    [BindProperty] public string? Cadence { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Value { get; set; }
    [BindProperty] public string? Delivery { get; set; }
    [BindProperty] public long AlertId { get; set; }

    public async Task<IActionResult> OnGetAsync(long? added, string? done, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing) return missing;
        if (added is { } id && Alerts.FirstOrDefault(a => a.Id == id) is { } alert)
        {
            AddedId = id;
            Section = "alerts";
            Notice($"Alert added: {alert.Describe()}, {DeliveryLabel(alert.Delivery)}.");
        }
        else if (done == "exists") { Section = "alerts"; Notice("You already have that alert."); }
        return Page();
    }

    public async Task<IActionResult> OnPostSubscribeAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing) return missing;
        Section = "subscription";
        if (ParseCadence(Cadence) is not { } cadence) return Fail("Choose daily or weekly.");
        if (!Me.IsConfirmed) return Fail("Confirm your email address first: digests only go to a confirmed address.");
        if (EmailAddress.Normalize(Me.Email, out var problem) is not { } email) return Fail($"Your account address cannot receive digests: {problem}");
        var was = Subscription;
        Subscription = await digests.SubscribeAccountAsync(Me.Id, email, cadence, ct);
        log.LogInformation("digest: user {UserId} subscribed {Email} ({Cadence}) from settings", Me.Id, email, DigestStore.Name(cadence));
        var label = cadence == Digests.Cadence.Weekly ? "weekly" : "daily";
        return Done(was is { Status: "confirmed" } && was.Email == email
            ? $"Your digest now comes {label} to {email}."
            : $"Subscribed: a {label} digest will come to {email}.");
    }

    public async Task<IActionResult> OnPostUnsubscribeAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing) return missing;
        Section = "subscription";
        if (await digests.UnsubscribeAccountAsync(Me.Id, ct) == 0) return Fail("You are not subscribed.");
        Subscription = await digests.ForUserAsync(Me.Id, ct);
        log.LogInformation("digest: user {UserId} unsubscribed from settings", Me.Id);
        return Done("Unsubscribed: no more digests or alert mails will come. Your alerts are kept for when you subscribe again.");
    }

    /// <summary>An organisation or author alert (the form on this page and the buttons on paper pages).</summary>
    public async Task<IActionResult> OnPostAddAlertAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing) return missing;
        Section = "alerts";
        AlertKind? kind = Kind switch { "organization" => AlertKind.Organization, "author" => AlertKind.Author, _ => null };
        if (kind is null) return Fail("Choose what to follow: an organisation or an author.");
        var value = (Value ?? "").Trim();
        if (value.Length == 0) return Fail(kind == AlertKind.Author ? "Type the author's name, as it appears on papers." : "Type the organisation's name, as it appears on papers (e.g. google).");
        if (value.Length > MaxValueChars) return Fail($"That name is {value.Length:N0} characters long; the limit is {MaxValueChars}.");
        return await AddAsync(kind.Value, value, ct);
    }

    /// <summary>"Save this search as an alert" on the search results page: the form carries the search's parameters.</summary>
    public async Task<IActionResult> OnPostSaveSearchAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing) return missing;
        Section = "alerts";
        if (!SearchForm.TryParse(k => Request.Form[k].FirstOrDefault(), out var form, out var error)) return Fail($"This search cannot be saved: {error}");
        if (form.Q.Trim().Length == 0 && form.FilterCount == 0) return Fail("There is nothing to save: search for some words or set a filter first.");
        // The feed-date filter is left out: an alert always looks at the papers of the period being mailed.
        var query = form.ToQuery() with { FeedFrom = null, FeedTo = null, Sort = Search.SearchSort.Relevance };
        return await AddAsync(AlertKind.Search, AlertQuery.ToJson(query), ct);
    }

    public async Task<IActionResult> OnPostDeleteAlertAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing) return missing;
        var alert = Alerts.FirstOrDefault(a => a.Id == AlertId);
        // Someone else's alert reads exactly like one that does not exist.
        if (alert is null || !await digests.DeleteAlertAsync(Me.Id, AlertId, ct)) return NoSuchAlert();
        Alerts = await digests.AlertsOfAsync(Me.Id, ct);
        Section = "alerts";
        return Done($"Alert deleted: {alert.Describe()}.");
    }

    public async Task<IActionResult> OnPostDeliveryAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing) return missing;
        if (ParseDelivery(Delivery) is not { } delivery) { Section = "alerts"; return Fail("Choose \"in the digest\" or \"own mail\"."); }
        var alert = Alerts.FirstOrDefault(a => a.Id == AlertId);
        if (alert is null || !await digests.SetAlertDeliveryAsync(Me.Id, AlertId, delivery, ct)) return NoSuchAlert();
        Alerts = await digests.AlertsOfAsync(Me.Id, ct);
        Section = "alerts";
        return Done($"{Capitalise(alert.Describe())}: now {DeliveryLabel(delivery)}.");
    }

    private async Task<IActionResult> AddAsync(AlertKind kind, string value, CancellationToken ct)
    {
        if (ParseDelivery(Delivery) is not { } delivery) return Fail("Choose \"in the digest\" or \"own mail\".");
        var same = Alerts.FirstOrDefault(a => a.Kind == kind && string.Equals(a.Value, value, kind == AlertKind.Search ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase));
        if (same is not null) return LocalRedirect("/account/digest?done=exists#alerts");
        if (Alerts.Count >= MaxAlerts) return Fail($"You have {MaxAlerts} alerts, the most one account may keep; delete one first.");
        var id = await digests.AddAlertAsync(Me.Id, kind, value, delivery, ct);
        log.LogInformation("digest: user {UserId} added {Kind} alert {AlertId}", Me.Id, kind, id);
        // Post/redirect/get: a reload does not add it twice, and the search or paper page's form lands here.
        return LocalRedirect($"/account/digest?added={id}#alerts");
    }

    public static string DeliveryLabel(AlertDelivery d) => d == AlertDelivery.Own ? "as its own mail" : "in your digest";

    public static string KindLabel(AlertKind k) => k switch { AlertKind.Organization => "Organisation", AlertKind.Author => "Author", _ => "Saved search" };

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static Cadence? ParseCadence(string? s) => s switch { "daily" => Digests.Cadence.Daily, "weekly" => Digests.Cadence.Weekly, _ => null };

    /// <summary>Absent means "in the digest" (the paper page's buttons send none).</summary>
    private static AlertDelivery? ParseDelivery(string? s) => s switch { null or "" or "digest" => AlertDelivery.Digest, "own" => AlertDelivery.Own, _ => null };

    private IActionResult NoSuchAlert() => ShowProblem(404, "No such alert", "You have no alert with that number. It may have been deleted already.");

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var me = User.UserId() is { } id ? await accounts.FindByIdAsync(id, ct) : null;
        if (me is null || me.DeletedAt is not null)
        {
            await HttpContext.SignOutAsync(AuthNames.Cookie);
            return LocalRedirect("/account/signin");
        }
        Me = me;
        Subscription = await digests.ForUserAsync(me.Id, ct);
        Alerts = await digests.AlertsOfAsync(me.Id, ct);
        ViewData["Title"] = "Digest & alerts";
        return null;
    }

    private IActionResult Fail(string message)
    {
        Error(message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private IActionResult Done(string message)
    {
        Notice(message);
        return Page();
    }
}
