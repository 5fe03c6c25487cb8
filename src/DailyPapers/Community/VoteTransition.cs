namespace DailyPapers.Community;

/// <summary>What a vote request did. Every request is one of four idempotent transitions.</summary>
public enum VoteTransition
{
    /// <summary>No vote → vote.</summary>
    Added,
    /// <summary>Vote → no vote.</summary>
    Removed,
    /// <summary>Asked to upvote a paper already upvoted: nothing changes.</summary>
    AlreadyVoted,
    /// <summary>Asked to remove a vote that does not exist: nothing changes.</summary>
    NotVoted,
}

public sealed record VoteResult(VoteTransition Transition, bool Voted, int Upvotes, double Hotness);

public static class VoteRules
{
    /// <summary>The transition from the current state to the wanted one (pure, so each case has a test).</summary>
    public static VoteTransition Transition(bool hasVote, bool wantVote) => (hasVote, wantVote) switch
    {
        (false, true) => VoteTransition.Added,
        (true, false) => VoteTransition.Removed,
        (true, true) => VoteTransition.AlreadyVoted,
        (false, false) => VoteTransition.NotVoted,
    };
}
