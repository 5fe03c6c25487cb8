using System.Buffers.Binary;
using System.Security.Cryptography;

namespace DailyPapers.Digests;

public enum DigestTokenPurpose : byte { Confirm = 1, Unsubscribe = 2 }

public enum TokenCheck { Valid, Invalid, Expired }

/// <summary>
/// Links in mails carry a token instead of the address: version, purpose, subscriber id and expiry, signed with
/// HMAC-SHA-256 under a random 256-bit key kept in the database (so every node and the CLI sign alike). Nothing
/// in it can be changed without the key, and 128 bits of MAC cannot be guessed. Base64url, 46 characters.
/// </summary>
public sealed class DigestTokens(byte[] key, TimeProvider? clock = null)
{
    /// <summary>A confirmation link is for the moment of subscribing.</summary>
    public static readonly TimeSpan ConfirmLifetime = TimeSpan.FromDays(7);
    /// <summary>Unsubscribe links must keep working in old mails a reader finds later (RFC 8058 asks for a long life).</summary>
    public static readonly TimeSpan UnsubscribeLifetime = TimeSpan.FromDays(90);

    private const byte Version = 1;
    private const int PayloadBytes = 1 + 1 + 8 + 8;
    private const int MacBytes = 16;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public static TimeSpan Lifetime(DigestTokenPurpose purpose) => purpose == DigestTokenPurpose.Confirm ? ConfirmLifetime : UnsubscribeLifetime;

    public string Create(DigestTokenPurpose purpose, long subscriberId) => Create(purpose, subscriberId, _clock.GetUtcNow() + Lifetime(purpose));

    public string Create(DigestTokenPurpose purpose, long subscriberId, DateTimeOffset expires)
    {
        Span<byte> buf = stackalloc byte[PayloadBytes + MacBytes];
        buf[0] = Version;
        buf[1] = (byte)purpose;
        BinaryPrimitives.WriteInt64BigEndian(buf[2..], subscriberId);
        BinaryPrimitives.WriteInt64BigEndian(buf[10..], expires.ToUnixTimeSeconds());
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, buf[..PayloadBytes], mac);
        mac[..MacBytes].CopyTo(buf[PayloadBytes..]);
        return Encode(buf);
    }

    /// <summary>Checks a token for a purpose; the subscriber id only when valid.</summary>
    public TokenCheck Check(string? token, DigestTokenPurpose purpose, out long subscriberId)
    {
        subscriberId = 0;
        if (string.IsNullOrEmpty(token) || token.Length > 64) return TokenCheck.Invalid;
        Span<byte> buf = stackalloc byte[64];
        var b64 = token.Replace('-', '+').Replace('_', '/');
        b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
        if (!Convert.TryFromBase64String(b64, buf, out var n) || n != PayloadBytes + MacBytes) return TokenCheck.Invalid;
        // One spelling per token: base64's last character has spare bits, so a variant would decode to the same bytes.
        if (!string.Equals(Encode(buf[..n]), token, StringComparison.Ordinal)) return TokenCheck.Invalid;
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, buf[..PayloadBytes], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacBytes], buf.Slice(PayloadBytes, MacBytes))) return TokenCheck.Invalid;
        if (buf[0] != Version || buf[1] != (byte)purpose) return TokenCheck.Invalid;
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(buf[10..]));
        if (expires <= _clock.GetUtcNow()) return TokenCheck.Expired;
        subscriberId = BinaryPrimitives.ReadInt64BigEndian(buf[2..]);
        return TokenCheck.Valid;
    }

    private static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
