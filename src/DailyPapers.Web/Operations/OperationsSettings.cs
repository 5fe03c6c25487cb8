using System.ComponentModel.DataAnnotations;
using System.Net;

namespace DailyPapers.Web.Operations;

/// <summary>When /readyz calls this node's search indexes current (section DailyPapers:Health).</summary>
public sealed class HealthSettings
{
    /// <summary>
    /// Change-log rows the full-text index (and embedding-log rows the vectors) may be behind and still be ready. A node
    /// is not ready only when it is behind by more rows than this AND longer than <see cref="MaxIndexLagSeconds"/>: a
    /// bulk import on another node writes thousands of rows a second that every follower applies within a poll, and
    /// that must not take the whole cluster out of the load balancer.
    /// </summary>
    [Range(0, 100_000_000, ErrorMessage = "must be a number of rows from 0 to 100,000,000")]
    public long MaxIndexLagRows { get; set; } = 100;

    /// <summary>Age of the oldest change not yet applied that still counts as ready (see <see cref="MaxIndexLagRows"/>).</summary>
    [Range(0.0, 86_400.0, ErrorMessage = "must be a number of seconds from 0 to 86,400")]
    public double MaxIndexLagSeconds { get; set; } = 10;

    /// <summary>The longest a readiness check may take before it counts as failed (a database that hangs).</summary>
    [Range(0.1, 300.0, ErrorMessage = "must be a number of seconds from 0.1 to 300")]
    public double CheckTimeoutSeconds { get; set; } = 5;
}

/// <summary>OpenTelemetry metrics in Prometheus text format at /metrics (section DailyPapers:Metrics).</summary>
public sealed class MetricsSettings
{
    /// <summary>Off by default: /metrics answers 404 unless this is true.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Client networks (CIDR, separated by commas or spaces) that may read /metrics; others get 404. Loopback by default.
    /// The address is the one after trusted forwarded headers, so a scraper behind the site's own proxy is judged by its
    /// real address.
    /// </summary>
    [NetworkList]
    public string AllowedNetworks { get; set; } = "127.0.0.0/8, ::1/128";

    /// <summary>How long the database-backed gauges (outbox, index lag, embedding backlog, leases) reuse one reading.</summary>
    [Range(0.0, 3600.0, ErrorMessage = "must be a number of seconds from 0 to 3,600")]
    public double GaugeCacheSeconds { get; set; } = 5;

    /// <summary>The parsed <see cref="AllowedNetworks"/> (checked at start-up).</summary>
    public IReadOnlyList<IPNetwork> Networks() => NetworkListAttribute.Entries(AllowedNetworks)
        .Select(n => IPNetwork.TryParse(n, out var net) ? net : (IPNetwork?)null).OfType<IPNetwork>().ToList();

    /// <summary>Whether <paramref name="client"/> may read /metrics (IPv4 seen as IPv6-mapped counts as IPv4).</summary>
    public bool Allows(IPAddress? client)
    {
        if (client is null) return false;
        if (client.IsIPv4MappedToIPv6) client = client.MapToIPv4();
        foreach (var n in Networks())
            if (n.Contains(client)) return true;
        return false;
    }
}

/// <summary>A list of networks in CIDR form separated by commas, semicolons or spaces.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NetworkListAttribute : ValidationAttribute
{
    public NetworkListAttribute() : base("must be networks in CIDR form such as 10.0.0.0/24 or ::1/128, separated by commas") { }

    public static IEnumerable<string> Entries(string? list) =>
        (list ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override bool IsValid(object? value) => value is null or string && Entries(value as string).All(n => IPNetwork.TryParse(n, out _));
}
