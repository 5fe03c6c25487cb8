using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace DailyPapers.Search;

/// <summary>
/// Makes split, hyphenated and joined spellings of a compound meet. A token holding '_' (a hyphen, see
/// <see cref="PaperAnalyzer"/>) is emitted as its parts at successive positions plus the joined form stacked
/// on the last part ("pre_training" → pre, training + pretraining); inside longer compounds a prefix pair is stacked
/// too ("omni_pre_training" → omni, pre, training + pretraining + omnipretraining). A common prefix word followed by another
/// word ("pre training", "self supervised") also gets the joined form stacked on the second word. Stacking on
/// the last position keeps phrases such as "pretrained model" matching "pre-trained model".
/// Parts are typed <see cref="PartType"/>, joined forms <see cref="JoinedType"/>; every emitted token carries
/// the offsets of the whole compound so highlights cover "pre-training", not "pre".
/// </summary>
public sealed class JoinFormsFilter : TokenFilter
{
    public const string PartType = "part";
    public const string JoinedType = "joined";

    /// <summary>Prefix words that writers both join and split ("pre training", "fine tuning").</summary>
    public static readonly IReadOnlySet<string> Prefixes = new HashSet<string>(StringComparer.Ordinal)
    {
        "pre", "post", "self", "multi", "non", "co", "semi", "fine", "cross", "meta", "sub", "inter", "intra",
        "re", "un", "super", "over", "under", "anti", "auto", "hyper", "mid", "out", "zero", "few",
    };

    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _posInc;
    private readonly IOffsetAttribute _offset;
    private readonly ITypeAttribute _type;
    private readonly Queue<(string Text, int PosInc, int Start, int End, string Type)> _pending = new();
    private State? _lookahead;

    public JoinFormsFilter(TokenStream input) : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _posInc = AddAttribute<IPositionIncrementAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _type = AddAttribute<ITypeAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_pending.Count > 0)
        {
            Emit(_pending.Dequeue());
            return true;
        }
        if (_lookahead is not null)
        {
            RestoreState(_lookahead);
            _lookahead = null;
        }
        else if (!m_input.IncrementToken()) return false;

        var text = _term.ToString();
        if (text.Contains('_'))
        {
            var parts = text.Split('_', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length <= 1)
            {
                SetText(parts.Length == 1 ? parts[0] : text);
                return true;
            }
            int start = _offset.StartOffset, end = _offset.EndOffset, first = _posInc.PositionIncrement;
            for (var i = 1; i < parts.Length; i++)
            {
                _pending.Enqueue((parts[i], 1, start, end, PartType));
                // Inside a longer compound a prefix pair is a word of its own: "omni-pre-training" holds "pretraining".
                if (parts.Length > 2 && Prefixes.Contains(parts[i - 1]))
                    _pending.Enqueue((parts[i - 1] + parts[i], 0, start, end, JoinedType));
            }
            _pending.Enqueue((string.Concat(parts), 0, start, end, JoinedType));
            Emit((parts[0], first, start, end, PartType));
            return true;
        }
        if (Prefixes.Contains(text))
        {
            var prefixState = CaptureState();
            int start = _offset.StartOffset, posInc = _posInc.PositionIncrement;
            if (!m_input.IncrementToken()) { RestoreState(prefixState); return true; }
            var next = _term.ToString();
            if (next.Contains('_') || _posInc.PositionIncrement != 1 || !char.IsLetter(next[0]))
            {
                // Not a compound: emit the prefix word as it was and handle the next token on the next call.
                _lookahead = CaptureState();
                RestoreState(prefixState);
                return true;
            }
            var end = _offset.EndOffset;
            _pending.Enqueue((next, 1, start, end, PartType));
            _pending.Enqueue((text + next, 0, start, end, JoinedType));
            RestoreState(prefixState);
            Emit((text, posInc, start, end, PartType));
        }
        return true;
    }

    private void Emit((string Text, int PosInc, int Start, int End, string Type) t)
    {
        SetText(t.Text);
        _posInc.PositionIncrement = t.PosInc;
        _offset.SetOffset(t.Start, t.End);
        _type.Type = t.Type;
    }

    private void SetText(string s)
    {
        _term.SetEmpty();
        _term.Append(s);
    }

    public override void Reset()
    {
        base.Reset();
        _pending.Clear();
        _lookahead = null;
    }
}
