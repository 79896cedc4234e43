using System.Text.Json;

namespace MlNetCnn.Cli.Tests;

/// <summary>The benchmark's output contract (fields and sanity), not its speed: timings are never asserted.</summary>
[Collection("cli")]
public sealed class BenchTests
{
    [Fact]
    public void Bench_json_prints_one_object_with_the_documented_fields()
    {
        var (code, output, error) = CliRunner.Run("bench", "--json", "--seconds", "0.05", "--rounds", "1");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output.Trim());
        var root = doc.RootElement;
        foreach (string key in new[]
        {
            "train_samples_per_sec_b32", "train_samples_per_sec_b128", "infer_images_per_sec_b128",
            "single_image_latency_us", "train_gflops_b32", "fma_peak_gflops", "peak_memory_mb",
        })
        {
            Assert.True(root.TryGetProperty(key, out var value), $"missing {key}");
            Assert.True(value.GetDouble() > 0, $"{key} = {value}");
        }
        Assert.Equal(0, root.GetProperty("allocated_bytes_per_train_step").GetInt64());
        Assert.InRange(root.GetProperty("forward_mflops_per_image").GetDouble(), 10.0, 10.5);
    }

    [Fact]
    public void Bench_refuses_bad_arguments()
    {
        var (code, _, error) = CliRunner.Run("bench", "--seconds", "0");
        Assert.Equal(1, code);
        Assert.Contains("--seconds must be positive", error);
    }
}
