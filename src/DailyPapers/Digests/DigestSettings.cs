namespace DailyPapers.Digests;

/// <summary>Settings of the email digests, section <c>DailyPapers:Digest</c>; the SMTP server is <c>DailyPapers:Smtp</c>.</summary>
public sealed class DigestSettings
{
    /// <summary>
    /// On by default: the subscribe banner is the feed page's headline, and a fresh install without a mail server
    /// still works (mail goes to {DataDir}/mail, see /admin/mail). Shows the subscribe form and runs the build job.
    /// </summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Whether this node runs the digest build job (a web-only node, or tests, turn it off); mail is sent by the outbox's sender.</summary>
    public bool BackgroundJobs { get; set; } = true;
    /// <summary>Absolute base of every link in a mail (DailyPapers:PublicUrl, copied here by the host).</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:5000";
    /// <summary>Hours after midnight UTC that follows a period's last feed day before its digest is built.</summary>
    public int BuildHourUtc { get; set; } = 6;
    /// <summary>Papers in the "top of the period" section.</summary>
    public int TopPapers { get; set; } = 10;
    /// <summary>Alert matches shown per alert.</summary>
    public int MaxMatchesPerAlert { get; set; } = 10;
    /// <summary>Missed periods (besides the newest) a late run still builds; older ones are skipped for good.</summary>
    public int MaxMissedPeriods { get; set; } = 2;
    /// <summary>Outbox rows written per transaction while building.</summary>
    public int BuildBatchSize { get; set; } = 1000;
    /// <summary>SMTP connections the outbox sender keeps open at once (each sends one mail at a time). Applies to every mail.</summary>
    public int SendConnections { get; set; } = 4;
    /// <summary>First retry delay after a temporary failure; doubles with every attempt up to <see cref="RetryMaxMinutes"/>.</summary>
    public double RetryBaseSeconds { get; set; } = 60;
    public double RetryMaxMinutes { get; set; } = 360;
    /// <summary>Attempts before a mail is given up as failed (the subscriber stays subscribed).</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>How often the outbox sender looks for due mail besides being woken when mail is queued on this node.</summary>
    public double SendPollSeconds { get; set; } = 15;
    /// <summary>The cluster lease of the build and send jobs; renewed at a third of it while a job runs.</summary>
    public double LeaseSeconds { get; set; } = 120;
    /// <summary>Subscribe requests one IP may make per window (each may send a confirmation mail).</summary>
    public int SubscribePermitsPerWindow { get; set; } = 5;
    public double SubscribeWindowMinutes { get; set; } = 10;
    /// <summary>Least time between two confirmation mails to one address.</summary>
    public double ConfirmResendMinutes { get; set; } = 10;

    public Uri BaseUri => new(PublicUrl.TrimEnd('/') + "/");

    public string Link(string pathAndQuery) => new Uri(BaseUri, pathAndQuery.TrimStart('/')).AbsoluteUri;

    /// <summary>List-Id domain: the public host, so filters can tell this site's lists apart.</summary>
    public string ListIdDomain => BaseUri.Host;

    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(RetryMaxMinutes * 60, RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempts - 1))));
}
