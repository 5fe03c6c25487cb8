using DailyPapers.Accounts;

namespace DailyPapers.Tests.Accounts;

/// <summary>Issue 10, point 6: the progressive delay that replaced the hard lockout.</summary>
public sealed class SigninBackoffTests
{
    private static readonly SigninBackoff Backoff = new(3, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(15));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(3, 0)]
    [InlineData(4, 2)]
    [InlineData(5, 4)]
    [InlineData(6, 8)]
    [InlineData(11, 256)]
    [InlineData(12, 512)]
    [InlineData(13, 900)]
    [InlineData(1000, 900)]
    [InlineData(int.MaxValue, 900)]
    public void Free_failures_then_doubling_delays_up_to_the_cap(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Backoff.DelayAfter(failures));
}
