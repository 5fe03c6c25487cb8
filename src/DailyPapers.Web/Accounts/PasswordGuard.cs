using System.Threading.RateLimiting;
using DailyPapers.Accounts;
using DailyPapers.Storage;

namespace DailyPapers.Web.Accounts;

/// <summary>Why a password check was not made: the status to answer, when to come back, and what to tell the person.</summary>
public sealed record PasswordRefusal(int Status, int RetryAfterSeconds, string Message);

/// <summary>
/// Every password hash and check on the site goes through here, because PBKDF2 costs a few hundred milliseconds of
/// a core each time (issue 10):
/// <list type="bullet">
/// <item>at most <see cref="AccountSettings.MaxConcurrentHashes"/> run at once (default: half the cores, so pages
///   stay fast), at most <see cref="AccountSettings.HashQueueLimit"/> wait; beyond that, 503 with Retry-After;</item>
/// <item>checks against one account are limited per window from all clients together (distributed guessing);</item>
/// <item>each (account, client address) pair gets a progressive delay after a few failures (<see cref="SigninBackoff"/>),
///   instead of a lock anyone who knows the address could set off.</item>
/// </list>
/// The per-address limit of the forms themselves is the rate-limiter policy <see cref="AuthNames.AuthRateLimit"/>.
/// </summary>
public sealed class PasswordGuard : IDisposable
{
    /// <summary>What a busy answer asks a client to wait: a queue of hashes drains in a few seconds.</summary>
    public const int BusyRetrySeconds = 5;

    private readonly AccountStore _accounts;
    private readonly ConcurrencyLimiter _hashing;
    private readonly PartitionedRateLimiter<string> _perAccount;
    private readonly int _windowSeconds;

    public SigninBackoff Backoff { get; }

    public PasswordGuard(AccountStore accounts, AccountSettings settings)
    {
        _accounts = accounts;
        var concurrency = settings.MaxConcurrentHashes ?? Math.Max(1, Environment.ProcessorCount / 2);
        _hashing = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, concurrency),
            QueueLimit = Math.Max(0, settings.HashQueueLimit ?? 8 * concurrency),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _windowSeconds = settings.RateWindowSeconds;
        _perAccount = PartitionedRateLimiter.Create<string, string>(subject =>
            RateLimitPartition.GetFixedWindowLimiter(subject, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.PasswordChecksPerAccount,
                Window = TimeSpan.FromSeconds(settings.RateWindowSeconds),
                QueueLimit = 0,
            }));
        Backoff = new SigninBackoff(settings.FreeFailedSignins, TimeSpan.FromSeconds(settings.FirstSigninDelaySeconds),
            TimeSpan.FromSeconds(settings.MaxSigninDelaySeconds));
    }

    /// <summary>
    /// The subject of a sign-in: the address as typed (normalised), hashed. Unknown addresses get the same limits as
    /// real ones, so the limits do not tell who has an account; hashed, so the table holds no addresses.
    /// </summary>
    public static string SigninSubject(string? email) =>
        "email:" + AccountRules.HashToken(AccountRules.NormaliseEmail(email, out _) ?? (email ?? "").Trim().ToLowerInvariant());

    /// <summary>The subject of the settings page's current-password check (its own budget: sign-in guessing cannot block it).</summary>
    public static string SettingsSubject(long userId) => "user:" + userId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Before checking a password against <paramref name="subject"/> from this request's client: the progressive
    /// delay, the per-account limit, then a place among the hashing workers. Dispose the result when done hashing.
    /// </summary>
    public async Task<PasswordCheck> BeginCheckAsync(string subject, HttpContext http, CancellationToken ct)
    {
        var client = ProxySetup.ClientAddressKey(http.Connection.RemoteIpAddress);
        if (await _accounts.SigninBlockedUntilAsync(subject, client, ct) is { } until)
        {
            var seconds = Seconds(until - http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
            return new PasswordCheck(this, subject, client, null, new PasswordRefusal(StatusCodes.Status429TooManyRequests, seconds,
                $"Too many wrong passwords for this account from your network. Try again in {Wait(seconds)}, or reset your password."));
        }
        using (var permit = await _perAccount.AcquireAsync(subject, 1, ct))
        {
            if (!permit.IsAcquired)
            {
                var seconds = permit.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Seconds(retry) : _windowSeconds;
                return new PasswordCheck(this, subject, client, null, new PasswordRefusal(StatusCodes.Status429TooManyRequests, seconds,
                    $"Too many sign-in attempts for this account right now. Try again in {Wait(seconds)}."));
            }
        }
        return await WithHashingAsync(subject, client, ct);
    }

    /// <summary>Only a place among the hashing workers: hashing a new password (sign-up, reset) checks nothing.</summary>
    public Task<PasswordCheck> BeginHashingAsync(CancellationToken ct) => WithHashingAsync(null, null, ct);

    private async Task<PasswordCheck> WithHashingAsync(string? subject, string? client, CancellationToken ct)
    {
        var lease = await _hashing.AcquireAsync(1, ct);
        if (lease.IsAcquired) return new PasswordCheck(this, subject, client, lease, null);
        lease.Dispose();
        return new PasswordCheck(this, subject, client, null, new PasswordRefusal(StatusCodes.Status503ServiceUnavailable, BusyRetrySeconds,
            $"The server is busy checking other passwords. Try again in {Wait(BusyRetrySeconds)}."));
    }

    internal Task FailedAsync(string subject, string client, CancellationToken ct) => _accounts.RecordSigninFailureAsync(subject, client, Backoff, ct);
    internal Task SucceededAsync(string subject, string client, CancellationToken ct) => _accounts.ClearSigninFailuresAsync(subject, client, ct);

    private static int Seconds(TimeSpan t) => Math.Max(1, (int)Math.Ceiling(t.TotalSeconds));

    private static string Wait(int seconds) => seconds < 120
        ? $"{seconds} second{(seconds == 1 ? "" : "s")}"
        : $"{(seconds + 59) / 60} minutes";

    public void Dispose()
    {
        _hashing.Dispose();
        _perAccount.Dispose();
    }
}

/// <summary>
/// A password check that may go ahead (<see cref="Refusal"/> is null) and holds a place among the hashing workers
/// until disposed. Report the outcome with <see cref="FailedAsync"/> or <see cref="SucceededAsync"/>.
/// </summary>
public sealed class PasswordCheck(PasswordGuard guard, string? subject, string? client, RateLimitLease? lease, PasswordRefusal? refusal) : IDisposable
{
    public PasswordRefusal? Refusal => refusal;

    public Passwords.Result Verify(string? storedHash, string password) => Passwords.Verify(storedHash, Permitted(password));

    public string Hash(string password) => Passwords.Hash(Permitted(password));

    // A refused check must never hash: that is the whole point of refusing it.
    private string Permitted(string password) => lease is not null ? password
        : throw new InvalidOperationException("password check refused (" + refusal?.Status + "): no hashing allowed");

    /// <summary>A wrong password: counts towards the pair's progressive delay.</summary>
    public Task FailedAsync(CancellationToken ct) => subject is null ? Task.CompletedTask : guard.FailedAsync(subject, client!, ct);

    /// <summary>The right password: the pair's failures are forgotten.</summary>
    public Task SucceededAsync(CancellationToken ct) => subject is null ? Task.CompletedTask : guard.SucceededAsync(subject, client!, ct);

    public void Dispose() => lease?.Dispose();
}
