using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace DailyPapers.Web.Cli;

/// <summary>
/// Typed options with the checks and messages verbs share ("--limit: "500" must be a whole number from 1 to 100"). A
/// value that fails is a parse error: exit 2 with the message and the usage line, before anything is opened.
/// </summary>
public static class CliOptions
{
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    public static Option<string?> Text(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName };

    public static Option<DateOnly?> Date(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DATE",
        CustomParser = r => DateOnly.TryParseExact(Token(r), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : Fail<DateOnly?>(r, $"{name}: \"{Token(r)}\" is not a date (expected YYYY-MM-DD)"),
    };

    /// <param name="error">The message for a bad value, when the verb words it its own way.</param>
    public static Option<int> Int(string name, string helpName, string description, int fallback, int min, int max, Func<string, string>? error = null) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => fallback,
        CustomParser = r => ParseInt(r, min, max) ?? Fail<int>(r, error?.Invoke(Token(r)) ?? IntError(name, Token(r), min, max)),
    };

    /// <summary>A whole number without a default (the verb decides what absence means).</summary>
    public static Option<int?> OptionalInt(string name, string helpName, string description, int min, int max) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r => ParseInt(r, min, max) ?? Fail<int?>(r, IntError(name, Token(r), min, max)),
    };

    public static Option<double?> Number(string name, string helpName, string description, double min, double max, Func<string, string>? error = null) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r => double.TryParse(Token(r), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : Fail<double?>(r, error?.Invoke(Token(r)) ?? $"{name}: \"{Token(r)}\" must be a number from {min} to {max}"),
    };

    private static string IntError(string name, string value, int min, int max) => $"{name}: \"{value}\" must be a whole number from {min} to {max}";

    private static int? ParseInt(ArgumentResult r, int min, int max) =>
        int.TryParse(Token(r), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? v : null;

    private static string Token(ArgumentResult r) => r.Tokens.Count > 0 ? r.Tokens[0].Value : "";

    private static T Fail<T>(ArgumentResult r, string message)
    {
        r.AddError(message);
        return default!;
    }
}
