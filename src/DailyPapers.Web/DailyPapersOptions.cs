namespace DailyPapers.Web;

/// <summary>
/// Settings under the "DailyPapers" configuration section (appsettings.json, environment variables such as
/// <c>DailyPapers__Database</c>, or command-line switches such as <c>--DailyPapers:Database=…</c> and <c>--data</c>), bound
/// and validated by <see cref="SettingsSetup"/> for the site and every verb alike.
/// </summary>
public sealed class DailyPapersOptions
{
    /// <summary>Folder for the database file and the search index. Default ./data.</summary>
    public string DataDir { get; set; } = "data";
    /// <summary>Database location: a path, sqlite:PATH or postgres:CONNSTR. Default {DataDir}/dailypapers.db.</summary>
    public string? Database { get; set; }
    /// <summary>Folder with the demo corpus imported on first start into an empty database; "none" disables it.</summary>
    public string? DemoCorpus { get; set; }
    /// <summary>Base URL of arXiv's OAI-PMH endpoint.</summary>
    public string ArxivOaiUrl { get; set; } = "https://export.arxiv.org/oai2";
    /// <summary>Base URL of arXiv's Atom query API.</summary>
    public string ArxivApiUrl { get; set; } = "https://export.arxiv.org/api/query";
    /// <summary>Base URL of the Hugging Face site whose /api/daily_papers is harvested.</summary>
    public string HfUrl { get; set; } = "https://huggingface.co";
    /// <summary>Minimum time between two requests to one source (arXiv asks for 3 s).</summary>
    public double HarvestDelaySeconds { get; set; } = 3;
    /// <summary>Minimum time between two requests to the Hugging Face API.</summary>
    public double HfHarvestDelaySeconds { get; set; } = 1;
    /// <summary>The scheduled harvest (section DailyPapers:Harvest); off unless Enabled.</summary>
    public Jobs.HarvestSettings Harvest { get; set; } = new();

    /// <summary>
    /// Which sentence vectors this node computes in the background: "all" (the fast static model, then full
    /// MiniLM), "static" (the fast model only) or "off" (another node or the embed verb does it).
    /// </summary>
    public string Embeddings { get; set; } = "all";

    /// <summary>
    /// Outgoing mail server (section DailyPapers:Smtp) for every mail: account mails, notifications, digests. Without
    /// a Host, mail is written to <see cref="MailFolder"/> as .eml files and shown to admins at /admin/mail.
    /// </summary>
    public Mail.SmtpSettings Smtp { get; set; } = new();
    /// <summary>The mail outbox: background sender, notification window (section DailyPapers:Mail).</summary>
    public Mail.MailSettings Mail { get; set; } = new();
    /// <summary>Where mail goes when no SMTP host is set: {DataDir}/mail.</summary>
    public string MailFolder => Path.GetFullPath(Path.Combine(DataDir, "mail"));
    /// <summary>
    /// The site's public base URL (https://papers.example.org), the root of every absolute link (mails, feeds, exports).
    /// Required when the site listens on every address outside Development; on the embedded default (loopback) links
    /// use the listen URL. Never taken from a request's Host header. With it set and no AllowedHosts, only its host is served.
    /// </summary>
    public string? PublicUrl { get; set; }
    /// <summary>Sign-in security: lockout, rate limits, link lifetimes (section DailyPapers:Accounts).</summary>
    public Accounts.AccountSettings Accounts { get; set; } = new();
    /// <summary>Optional OpenID Connect sign-in (section DailyPapers:Oidc): see Accounts/OidcSetup.cs.</summary>
    public Accounts.OidcSettings Oidc { get; set; } = new();
    /// <summary>Reverse proxies whose X-Forwarded-* headers are trusted (section DailyPapers:ForwardedHeaders).</summary>
    public Accounts.ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();
    /// <summary>Who may submit papers and under which rules (section DailyPapers:Submissions).</summary>
    public DailyPapers.Community.SubmissionSettings Submissions { get; set; } = new();
    /// <summary>Search cost bounds and per-client limits of expensive requests (section DailyPapers:Search).</summary>
    public Throttling.SearchSettings Search { get; set; } = new();
    /// <summary>Email digests (section DailyPapers:Digest); on unless Enabled is false.</summary>
    public DailyPapers.Digests.DigestSettings Digest { get; set; } = new();

    /// <summary>Where the site listens unless --urls or ASPNETCORE_URLS say otherwise (loopback: the embedded default).</summary>
    public const string DefaultListenUrl = "http://127.0.0.1:5000";

    public string DatabaseLocation => string.IsNullOrWhiteSpace(Database) ? Path.Combine(DataDir, "dailypapers.db") : Database;

    /// <summary>The demo corpus folder: configured, next to the executable (published), or data/demo above it (source tree).</summary>
    public string? ResolveDemoCorpus()
    {
        if (string.Equals(DemoCorpus, "none", StringComparison.OrdinalIgnoreCase)) return null;
        if (!string.IsNullOrWhiteSpace(DemoCorpus)) return Directory.Exists(DemoCorpus) ? Path.GetFullPath(DemoCorpus) : null;
        var beside = Path.Combine(AppContext.BaseDirectory, "demo");
        if (Directory.Exists(beside)) return beside;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", "demo");
                if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.jsonl*").Any()) return candidate;
            }
        }
        return null;
    }
}
