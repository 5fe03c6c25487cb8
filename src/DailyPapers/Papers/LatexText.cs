using System.Text;

namespace DailyPapers.Papers;

/// <summary>
/// Turns the LaTeX accent macros arXiv metadata uses in author names (<c>Bal\'azs</c>, <c>G\"odel</c>,
/// <c>{\o}bro</c>, <c>\v{S}r\'amek</c>) into Unicode. Only names go through this: titles and abstracts keep
/// their LaTeX, where braces and backslashes are mathematics.
/// </summary>
public static class LatexText
{
    // Accent macro → (base letters, precomposed letters), position for position. Written out because
    // Unicode normalisation is a no-op under InvariantGlobalization, so "a" + U+0301 would stay two chars.
    private static readonly Dictionary<char, (string Bases, string Composed, char Combining)> Accents = new()
    {
        ['\''] = ("aeiouyAEIOUYcnszCNSZlrLRgG", "áéíóúýÁÉÍÓÚÝćńśźĆŃŚŹĺŕĹŔǵǴ", '\u0301'),
        ['`'] = ("aeiouAEIOU", "àèìòùÀÈÌÒÙ", '\u0300'),
        ['^'] = ("aeiouAEIOUcgjhswyCGJHSWY", "âêîôûÂÊÎÔÛĉĝĵĥŝŵŷĈĜĴĤŜŴŶ", '\u0302'),
        ['"'] = ("aeiouyAEIOUY", "äëïöüÿÄËÏÖÜŸ", '\u0308'),
        ['~'] = ("anoANOiuIU", "ãñõÃÑÕĩũĨŨ", '\u0303'),
        ['='] = ("aeiouAEIOU", "āēīōūĀĒĪŌŪ", '\u0304'),
        ['.'] = ("zZeEgGcCI", "żŻėĖġĠċĊİ", '\u0307'),
        ['v'] = ("csznredtlgCSZNREDTLG", "čšžňřěďťľǧČŠŽŇŘĚĎŤĽǦ", '\u030C'),
        ['c'] = ("cCsStTgGkKlLnNrR", "çÇşŞţŢģĢķĶļĻņŅŗŖ", '\u0327'),
        ['u'] = ("aAgGuUeEiIoO", "ăĂğĞŭŬĕĔĭĬŏŎ", '\u0306'),
        ['H'] = ("oOuU", "őŐűŰ", '\u030B'),
        ['k'] = ("aAeEiIuU", "ąĄęĘįĮųŲ", '\u0328'),
        ['r'] = ("aAuU", "åÅůŮ", '\u030A'),
    };

    // Letter macros (control words) → the letter they stand for.
    private static readonly Dictionary<string, string> Letters = new(StringComparer.Ordinal)
    {
        ["o"] = "ø", ["O"] = "Ø", ["ss"] = "ß", ["ae"] = "æ", ["AE"] = "Æ", ["oe"] = "œ", ["OE"] = "Œ",
        ["aa"] = "å", ["AA"] = "Å", ["l"] = "ł", ["L"] = "Ł", ["i"] = "ı", ["j"] = "ȷ", ["dh"] = "ð", ["DH"] = "Ð",
        ["th"] = "þ", ["TH"] = "Þ", ["ng"] = "ŋ", ["NG"] = "Ŋ",
    };

    /// <summary>The text with accent macros replaced and grouping braces dropped; text without macros is returned as is.</summary>
    public static string ToUnicode(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        if (s.IndexOf('\\') < 0 && s.IndexOf('{') < 0) return s;
        var sb = new StringBuilder(s.Length);
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\\' && i + 1 < s.Length)
            {
                if (TryAccent(s, ref i, sb) || TryLetter(s, ref i, sb)) continue;
                var next = s[i + 1];
                // Escaped punctuation (\&, \_ …) stands for itself; a lone "\ " is a space.
                if ("&%$#_{} ".Contains(next)) { sb.Append(next); i += 2; continue; }
                sb.Append(c);
                i++;
                continue;
            }
            if (c is '{' or '}') { i++; continue; }
            sb.Append(c);
            i++;
        }
        return sb.ToString();
    }

    private static bool TryAccent(string s, ref int i, StringBuilder sb)
    {
        var macro = s[i + 1];
        if (!Accents.TryGetValue(macro, out var accent)) return false;
        var j = i + 2;
        // Letter accents (\c, \v, \u …) are control words: the argument must be braced or follow a space,
        // or "\url" would read as a breve on "rl".
        var isWord = char.IsLetter(macro);
        if (isWord && (j >= s.Length || (s[j] != '{' && s[j] != ' '))) return false;
        while (j < s.Length && s[j] == ' ') j++;
        if (j >= s.Length) return false;

        string? letter;
        if (s[j] == '{')
        {
            var close = s.IndexOf('}', j + 1);
            if (close < 0) return false;
            letter = BaseLetter(s[(j + 1)..close].Trim());
            j = close + 1;
        }
        else if (s[j] == '\\')
        {
            var k = j + 1;
            while (k < s.Length && char.IsAsciiLetter(s[k])) k++;
            letter = BaseLetter(s[j..k]);
            j = k;
            // "\'\i nez": the space only ends the control word \i (see TryLetter).
            if (j + 1 < s.Length && s[j] == ' ' && char.IsLower(s[j + 1])) j++;
        }
        else
        {
            letter = char.IsLetter(s[j]) ? s[j].ToString() : null;
            j++;
        }
        if (letter is null) return false;

        var at = accent.Bases.IndexOf(letter[0]);
        if (at >= 0) sb.Append(accent.Composed[at]);
        else sb.Append(letter).Append(accent.Combining);
        i = j;
        return true;
    }

    /// <summary>The letter an accent argument names: "a", "\i" (dotless i takes the accent as a plain i), "{a}".</summary>
    private static string? BaseLetter(string arg)
    {
        if (arg.Length == 1 && char.IsLetter(arg[0])) return arg;
        return arg switch { "\\i" => "i", "\\j" => "j", _ => null };
    }

    private static bool TryLetter(string s, ref int i, StringBuilder sb)
    {
        var k = i + 1;
        while (k < s.Length && char.IsAsciiLetter(s[k])) k++;
        if (k == i + 1 || !Letters.TryGetValue(s[(i + 1)..k], out var letter)) return false;
        sb.Append(letter);
        // TeX swallows the space after a control word ("Bj\o rn" is "Bjørn"). Only a space before a lower-case
        // letter is taken as such: before a capital it more likely separates two name parts.
        if (k < s.Length && s[k] == ' ' && k + 1 < s.Length && char.IsLower(s[k + 1])) k++;
        i = k;
        return true;
    }
}
