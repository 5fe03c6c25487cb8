using Xunit;
using System.Numerics.Tensors;
using DailyPapers.Search;

namespace DailyPapers.Tests.Search;

public class StaticModelTests
{
    [Fact]
    public void A_table_slice_is_the_same_on_every_build_and_matches_the_full_model()
    {
        using var model = MiniLmModel.Load(MiniLmModelTests.Cache);
        var vocab = File.ReadLines(Path.Combine(model.Folder, "vocab.txt")).Count();
        const int from = 2000, to = 2040; // 40 common words
        var a = StaticModel.BuildTable(model, from, to, vocab);
        var b = StaticModel.BuildTable(model, from, to, vocab);
        Assert.Equal(a, b);
        Assert.All(a.AsSpan(0, from * StaticModel.Dims).ToArray(), x => Assert.Equal(0f, x));
        // Row i is the full model's vector of "[CLS] piece [SEP]".
        var row = a.AsSpan(2010 * StaticModel.Dims, StaticModel.Dims).ToArray();
        var direct = model.EmbedIds([[101, 2010, 102]])[0];
        Assert.True(TensorPrimitives.CosineSimilarity(row, direct) > 0.9999f);
        Assert.InRange(TensorPrimitives.Norm(row), 0.999f, 1.001f);
    }

    [Fact]
    public void Documents_are_unit_means_of_their_pieces_and_stop_words_do_not_count()
    {
        using var model = MiniLmModel.Load(MiniLmModelTests.Cache);
        var stat = StaticModel.LoadOrBuild(model);
        var v = stat.Embed("robot imitation learning");
        Assert.InRange(TensorPrimitives.Norm(v), 0.999f, 1.001f);
        Assert.Equal(v, stat.Embed("the robot imitation learning of"));
        Assert.Equal(v, stat.Embed("robot imitation learning"));
        Assert.True(TensorPrimitives.Dot(v, stat.Embed("robots learning by imitating demonstrations"))
            > TensorPrimitives.Dot(v, stat.Embed("protein folding with diffusion")));
    }
}
