namespace DailyPapers.Web.Accounts;

/// <summary>Account and sign-in security settings ("DailyPapers:Accounts" section).</summary>
public sealed class AccountSettings
{
    /// <summary>
    /// Wrong passwords in a row from one client address against one account before it must wait (then 2 s, 4 s,
    /// 8 s … up to <see cref="MaxSigninDelaySeconds"/>). Replaces the old lockout: see docs/ACCOUNTS.md.
    /// </summary>
    public int FreeFailedSignins { get; set; } = 5;
    public int FirstSigninDelaySeconds { get; set; } = 2;
    public int MaxSigninDelaySeconds { get; set; } = 900;
    /// <summary>
    /// Password checks against one account from all clients together per <see cref="RateWindowSeconds"/> (sign-in;
    /// the settings page's current-password check has a budget of the same size of its own).
    /// </summary>
    public int PasswordChecksPerAccount { get; set; } = 20;
    /// <summary>Password hashes computed at once; default half the cores (at least one), so pages stay fast.</summary>
    public int? MaxConcurrentHashes { get; set; }
    /// <summary>Hashes that may wait for a worker; beyond that the form answers 503 with Retry-After. Default 8 per worker.</summary>
    public int? HashQueueLimit { get; set; }
    /// <summary>
    /// Sign-in, sign-up, forgot and reset form posts allowed per client (IP address, or account when signed in)
    /// per <see cref="RateWindowSeconds"/>.
    /// </summary>
    public int AuthPostsPerWindow { get; set; } = 10;
    public int RateWindowSeconds { get; set; } = 60;
    /// <summary>Lifetime of the link in the confirmation and email-change mails.</summary>
    public int ConfirmLinkHours { get; set; } = 48;
    /// <summary>Lifetime of a password-reset link.</summary>
    public int ResetLinkMinutes { get; set; } = 60;
    /// <summary>How long a sign-in lasts without a visit (sliding).</summary>
    public int SessionDays { get; set; } = 14;
    /// <summary>
    /// How long a node trusts its last check that a session is live before asking the database again: the longest
    /// a session ended on another node (sign-out, reset, role change) still works here. 0 checks every request.
    /// </summary>
    public int SessionCheckSeconds { get; set; } = 10;
    /// <summary>Whether anyone may sign up; when false only create-admin (and later invitations) make accounts.</summary>
    public bool AllowSignup { get; set; } = true;
}

/// <summary>
/// Optional sign-in through the operator's OpenID Connect provider ("DailyPapers:Oidc" section), e.g. a lab's SSO.
/// On when Authority and ClientId are set. See docs/ACCOUNTS.md.
/// </summary>
public sealed class OidcSettings
{
    /// <summary>The provider's issuer URL (its discovery document is at Authority/.well-known/openid-configuration).</summary>
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>The button text: "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "single sign-on";
    public string Scopes { get; set; } = "openid email profile";
    /// <summary>Only turn off for a provider on plain HTTP in a test setup.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
    /// <summary>Treat the provider's email addresses as verified even without an email_verified claim (many company IdPs omit it).</summary>
    public bool TrustEmails { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
