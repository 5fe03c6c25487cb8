using System.Globalization;
using System.Security.Cryptography;

namespace DailyPapers.Accounts;

/// <summary>
/// Password hashing with PBKDF2-HMAC-SHA512 from the BCL. Chosen over ASP.NET Core Identity's PasswordHasher
/// because that one fixes 100,000 iterations (V3 format) while OWASP's current figure for PBKDF2-SHA512 is 210,000,
/// and because the library then needs no ASP.NET package. The stored form names the algorithm and the iteration
/// count, so the count can rise later: <see cref="Verify"/> reports hashes made with fewer iterations for rehashing.
/// </summary>
public static class Passwords
{
    /// <summary>OWASP Password Storage Cheat Sheet (2023) for PBKDF2-HMAC-SHA512; about 0.1–0.2 s on one core.</summary>
    public const int Iterations = 210_000;
    private const int SaltBytes = 16;
    private const int KeyBytes = 32;
    private const string Scheme = "pbkdf2-sha512";

    /// <summary>A hash of a made-up password: verified against when the account is unknown, so both cases cost the same.</summary>
    public static readonly string DummyHash = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)));

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA512, KeyBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}");
    }

    public enum Result { Failed, Success, SuccessRehashNeeded }

    /// <summary>Checks a password against a stored hash in constant time; a malformed or missing hash fails.</summary>
    public static Result Verify(string? stored, string password)
    {
        var parts = (stored ?? DummyHash).Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
            return Result.Failed;
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return Result.Failed;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        if (stored is null || !CryptographicOperations.FixedTimeEquals(actual, expected)) return Result.Failed;
        return iterations < Iterations ? Result.SuccessRehashNeeded : Result.Success;
    }
}
