using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace MlNetCnn.Datasets.Tests;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("mlnetcnn-datasets-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}

/// <summary>Paths inside the repository, found by walking up from the test binaries to MlNetCnn.sln.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string FashionMnist => Path.Combine(Root, "datasets", "fashion-mnist");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlNetCnn.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"MlNetCnn.sln not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>Builds IDX files byte by byte, independently of the reader under test.</summary>
internal static class IdxFiles
{
    /// <summary>Magic 00 00 type rank, big-endian dimensions, then the payload as given.</summary>
    public static byte[] Build(byte typeCode, uint[] dimensions, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[4 + (4 * dimensions.Length) + payload.Length];
        bytes[2] = typeCode;
        bytes[3] = (byte)dimensions.Length;
        for (int i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dimensions[i]);
        }

        payload.CopyTo(bytes.AsSpan(4 + (4 * dimensions.Length)));
        return bytes;
    }

    /// <summary>An unsigned-byte IDX file.</summary>
    public static byte[] Bytes(uint[] dimensions, ReadOnlySpan<byte> payload) => Build(0x08, dimensions, payload);

    public static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}

/// <summary>A small Fashion-MNIST-shaped data folder: deterministic pixels, chosen labels.</summary>
internal sealed class SyntheticFashionMnist
{
    public const int Pixels = 28 * 28;

    public byte[] TrainLabels { get; set; } = [3, 0, 9];

    public byte[] TestLabels { get; set; } = [7, 1];

    public bool Compress { get; set; } = true;

    public bool WriteChecksums { get; set; } = true;

    public static byte[] Pixel(int count, int seed)
    {
        var pixels = new byte[count * Pixels];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i * 7) + seed);
        }

        return pixels;
    }

    /// <summary>Writes the four files (and SHA256SUMS) into <paramref name="directory"/>.</summary>
    public void WriteTo(string directory)
    {
        Write(directory, "train-images-idx3-ubyte", IdxFiles.Bytes([(uint)TrainLabels.Length, 28, 28], Pixel(TrainLabels.Length, 1)));
        Write(directory, "train-labels-idx1-ubyte", IdxFiles.Bytes([(uint)TrainLabels.Length], TrainLabels));
        Write(directory, "t10k-images-idx3-ubyte", IdxFiles.Bytes([(uint)TestLabels.Length, 28, 28], Pixel(TestLabels.Length, 2)));
        Write(directory, "t10k-labels-idx1-ubyte", IdxFiles.Bytes([(uint)TestLabels.Length], TestLabels));
        if (WriteChecksums)
        {
            WriteSums(directory);
        }
    }

    /// <summary>Writes a SHA256SUMS for every file in the folder except SHA256SUMS itself.</summary>
    public static void WriteSums(string directory)
    {
        var lines = Directory.GetFiles(directory)
            .Where(f => Path.GetFileName(f) != "SHA256SUMS")
            .Order(StringComparer.Ordinal)
            .Select(f => $"{IdxFiles.Sha256(f)}  {Path.GetFileName(f)}");
        File.WriteAllLines(Path.Combine(directory, "SHA256SUMS"), lines);
    }

    /// <summary>Replaces one file (by base name, without .gz) and refreshes the checksums.</summary>
    public void Replace(string directory, string baseName, byte[] idx)
    {
        Write(directory, baseName, idx);
        if (WriteChecksums)
        {
            WriteSums(directory);
        }
    }

    private void Write(string directory, string baseName, byte[] idx)
    {
        if (Compress)
        {
            File.WriteAllBytes(Path.Combine(directory, baseName + ".gz"), IdxFiles.Gzip(idx));
        }
        else
        {
            File.WriteAllBytes(Path.Combine(directory, baseName), idx);
        }
    }
}
