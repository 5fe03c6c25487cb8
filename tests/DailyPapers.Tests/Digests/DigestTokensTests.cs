using DailyPapers.Digests;
using Microsoft.Extensions.Time.Testing;

namespace DailyPapers.Tests.Digests;

public sealed class DigestTokensTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void A_token_round_trips_for_its_purpose_only()
    {
        var tokens = new DigestTokens(Key);
        var t = tokens.Create(DigestTokenPurpose.Unsubscribe, 4711);
        Assert.Equal(TokenCheck.Valid, tokens.Check(t, DigestTokenPurpose.Unsubscribe, out var id));
        Assert.Equal(4711, id);
        Assert.Equal(TokenCheck.Invalid, tokens.Check(t, DigestTokenPurpose.Confirm, out _));
        Assert.DoesNotContain('+', t);
        Assert.DoesNotContain('/', t);
    }

    [Fact]
    public void Every_changed_character_and_another_key_are_refused()
    {
        var tokens = new DigestTokens(Key);
        var t = tokens.Create(DigestTokenPurpose.Confirm, 12);
        for (var i = 0; i < t.Length; i++)
        {
            var c = t[i] == 'A' ? 'B' : 'A';
            var tampered = t[..i] + c + t[(i + 1)..];
            Assert.NotEqual(TokenCheck.Valid, tokens.Check(tampered, DigestTokenPurpose.Confirm, out _));
        }
        var other = new DigestTokens(Enumerable.Repeat((byte)7, 32).ToArray());
        Assert.Equal(TokenCheck.Invalid, other.Check(t, DigestTokenPurpose.Confirm, out _));
        Assert.Equal(TokenCheck.Invalid, tokens.Check("", DigestTokenPurpose.Confirm, out _));
        Assert.Equal(TokenCheck.Invalid, tokens.Check("not a token at all!", DigestTokenPurpose.Confirm, out _));
        Assert.Equal(TokenCheck.Invalid, tokens.Check(t + t, DigestTokenPurpose.Confirm, out _));
    }

    [Fact]
    public void Tokens_expire()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2025-06-16T00:00:00Z"));
        var tokens = new DigestTokens(Key, clock);
        var t = tokens.Create(DigestTokenPurpose.Confirm, 1);
        clock.Advance(DigestTokens.ConfirmLifetime - TimeSpan.FromMinutes(1));
        Assert.Equal(TokenCheck.Valid, tokens.Check(t, DigestTokenPurpose.Confirm, out _));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(TokenCheck.Expired, tokens.Check(t, DigestTokenPurpose.Confirm, out _));
    }
}

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("  Reader@Example.ORG ", "reader@example.org")]
    [InlineData("a.b+tag@sub.example.org", "a.b+tag@sub.example.org")]
    [InlineData("", null)]
    [InlineData("no-at-sign", null)]
    [InlineData("two@@example.org", null)]
    [InlineData("a@b@example.org", null)]
    [InlineData("name@", null)]
    [InlineData("@example.org", null)]
    [InlineData("Reader <reader@example.org>", null)]
    [InlineData("a@example.org, b@example.org", null)]
    [InlineData("a b@example.org", null)]
    [InlineData("a@example..org", null)]
    public void Addresses_are_normalised_or_refused(string input, string? expected)
    {
        var got = EmailAddress.Normalize(input, out var error);
        Assert.Equal(expected, got);
        Assert.Equal(expected is null, error.Length > 0);
    }
}
