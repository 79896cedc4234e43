using MlNetCnn.Data;

namespace MlNetCnn.Transforms;

/// <summary>The format versions of the transforms' model entries.</summary>
internal static class TransformVersions
{
    /// <summary>Version 1.1, the first format of every transform of this library (and of the image transforms).</summary>
    public const uint First = 0x00010001;

    /// <summary>The version info of a transform still at its first format: written, readable and read back as
    /// <see cref="First"/>.</summary>
    /// <param name="modelSignature">The eight-character signature of the transform's model entry.</param>
    /// <param name="loaderSignature">The name its loader is registered under.</param>
    /// <returns>The version info.</returns>
    public static VersionInfo FirstFormat(string modelSignature, string loaderSignature)
        => new(modelSignature, verWrittenCur: First, verReadableCur: First, verWeCanReadBack: First, loaderSignature: loaderSignature);
}
