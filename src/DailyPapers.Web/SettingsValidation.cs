using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web;

/// <summary>
/// Checks of the main section that need more than an attribute: each failure names its key, the value and what it may
/// be, because the operator reads exactly this line (<c>dailypapers: cannot start: …</c>) and nothing else.
/// </summary>
public sealed class DailyPapersOptionsValidator : IValidateOptions<DailyPapersOptions>
{
    public static readonly string[] EmbeddingModes = ["all", "static", "off", "none", "false"];

    public ValidateOptionsResult Validate(string? name, DailyPapersOptions o)
    {
        var failures = new List<string>();
        if (!EmbeddingModes.Contains(o.Embeddings.Trim(), StringComparer.OrdinalIgnoreCase))
            failures.Add($"DailyPapers:Embeddings: \"{o.Embeddings}\" must be all, static or off");
        if (o.Smtp.Port is < 1 or > 65535)
            failures.Add($"DailyPapers:Smtp:Port: {o.Smtp.Port} must be a port number from 1 to 65535");
        if (o.Smtp.TimeoutSeconds < 1)
            failures.Add($"DailyPapers:Smtp:TimeoutSeconds: {o.Smtp.TimeoutSeconds} must be at least 1");
        if (o.Search.Problem() is { } search) failures.Add($"DailyPapers:Search: {search}");
        if (o.Submissions.Problem() is { } submissions) failures.Add($"DailyPapers:Submissions: {submissions}");
        foreach (var p in ProxyEntries(o.ForwardedHeaders.KnownProxies).Where(p => !IPAddress.TryParse(p, out _)))
            failures.Add($"DailyPapers:ForwardedHeaders:KnownProxies: \"{p}\" is not an IP address (use KnownNetworks for a CIDR range)");
        foreach (var n in ProxyEntries(o.ForwardedHeaders.KnownNetworks).Where(n => !IPNetwork.TryParse(n, out _)))
            failures.Add($"DailyPapers:ForwardedHeaders:KnownNetworks: \"{n}\" is not a network in CIDR form such as 10.0.0.0/24");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>List items may also hold several entries separated by commas, spaces or semicolons.</summary>
    public static IEnumerable<string> ProxyEntries(IEnumerable<string> items) =>
        items.SelectMany(i => i.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>
/// Validates a section by the DataAnnotations attributes of its settings class, and words each failure as
/// "DailyPapers:Votes:PerWindow: 0 must be at least 1" (the attribute's message says what the value may be).
/// </summary>
public sealed class SectionValidator<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            return ValidateOptionsResult.Success;
        return ValidateOptionsResult.Fail(results.SelectMany(r => r.MemberNames.DefaultIfEmpty("").Select(member =>
        {
            var value = typeof(T).GetProperty(member)?.GetValue(options);
            return $"{section}:{member}: {Convert.ToString(value, CultureInfo.InvariantCulture)} {r.ErrorMessage}";
        })));
    }
}

/// <summary>Turns the configuration binder's "cannot convert" error into the same one line as a validation failure.</summary>
public static partial class SettingsErrors
{
    [GeneratedRegex("^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailure();

    /// <summary>The line for a binding failure (key, value, what it may be), or null when <paramref name="e"/> is not one.</summary>
    public static string? Describe(Exception e)
    {
        if (e is not InvalidOperationException || ConversionFailure().Match(e.Message) is not { Success: true } m) return null;
        var type = Type.GetType(m.Groups["type"].Value) ?? AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetType(m.Groups["type"].Value)).FirstOrDefault(t => t is not null);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        var expected = type switch
        {
            null => "a value of another kind",
            { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type)),
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a number (with a '.' for decimals)",
            _ => "a " + type.Name,
        };
        return $"{m.Groups["key"].Value}: \"{m.Groups["value"].Value}\" must be {expected}";
    }
}
