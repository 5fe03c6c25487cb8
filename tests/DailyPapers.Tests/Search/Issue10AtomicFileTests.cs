using Xunit;
using DailyPapers.Search;

namespace DailyPapers.Tests.Search;

/// <summary>Issue 10, point 11: a full disk left a 41 MB temporary model file behind.</summary>
public sealed class Issue10AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Issue10_a_write_that_fails_half_way_leaves_the_old_file_and_no_temporary_file()
    {
        var target = Path.Combine(_dir, "model.onnx");
        File.WriteAllText(target, "old model");
        var e = Assert.Throws<IOException>(() => AtomicFile.Write(target, s =>
        {
            s.Write(new byte[64 * 1024]);
            throw new IOException("No space left on device");
        }));
        Assert.Equal("No space left on device", e.Message);
        Assert.Equal("old model", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Issue10_a_complete_write_replaces_the_file()
    {
        var target = Path.Combine(_dir, "static.f32");
        AtomicFile.Write(target, s => s.Write([1, 2, 3]));
        AtomicFile.Write(target, s => s.Write([4, 5]));
        Assert.Equal([4, 5], File.ReadAllBytes(target));
        Assert.Equal([target], Directory.GetFiles(_dir));
    }
}
