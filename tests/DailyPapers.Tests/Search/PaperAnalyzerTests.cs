using Xunit;
using DailyPapers.Search;
using Lucene.Net.Analysis.TokenAttributes;

namespace DailyPapers.Tests.Search;

public class PaperAnalyzerTests
{
    private static List<string> Tokens(string text)
    {
        using var a = new PaperAnalyzer();
        using var ts = a.GetTokenStream("abstract", text);
        var term = ts.AddAttribute<ICharTermAttribute>();
        var pos = ts.AddAttribute<IPositionIncrementAttribute>();
        ts.Reset();
        var list = new List<string>();
        while (ts.IncrementToken()) list.Add((pos.PositionIncrement == 0 ? "+" : "") + term);
        ts.End();
        return list;
    }

    [Theory]
    [InlineData("pretraining", "pretrain")]
    [InlineData("Pretrained", "pretrain")]
    [InlineData("pre-training", "pre train +pretrain")]
    [InlineData("pre-trained", "pre train +pretrain")]
    [InlineData("Pre-Training data", "pre train +pretrain data")]
    [InlineData("pre training", "pre train +pretrain")]
    [InlineData("self-supervised learning", "self supervis +selfsupervis learn")]
    [InlineData("self supervised", "self supervis +selfsupervis")]
    [InlineData("state-of-the-art", "state of the art +stateoftheart")]
    [InlineData("omni-pre-training", "omni pre train +pretrain +omnipretrain")]
    [InlineData("multi-task-fine-tuning", "multi task +multitask fine tune +finetun +multitaskfinetun")]
    [InlineData("Café Naïve résumé", "cafe naiv resum")]
    [InlineData("the model's weights", "the model weight")]
    [InlineData("GPT-4o", "gpt 4o +gpt4o")]
    [InlineData("pre 2024", "pre 2024")]
    [InlineData("visuo-motor", "visuo motor +visuomotor")]
    [InlineData("arXiv 2409.12192 cs.CL", "arxiv 2409.12192 cs.cl")]
    public void Token_streams(string text, string expected) =>
        Assert.Equal(expected, string.Join(' ', Tokens(text)));

    [Theory]
    [InlineData("")]
    [InlineData("\"(((")]
    [InlineData("*")]
    [InlineData("---")]
    public void Junk_gives_no_tokens(string text) => Assert.Empty(Tokens(text));
}
