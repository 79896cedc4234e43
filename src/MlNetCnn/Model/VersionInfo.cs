namespace MlNetCnn;

/// <summary>
/// Identifies a saved component kind and its format versions (written into the component's <c>Model.key</c>).
/// </summary>
/// <remarks>
/// A component writes version <see cref="VerWrittenCur"/> and declares that readers supporting
/// <see cref="VerReadableCur"/> or later can read it. When loading, the file is accepted if its readable version is at
/// most our <see cref="VerWrittenCur"/> (we know that format) and its written version is at least
/// <see cref="VerWeCanReadBack"/> (we still support that old format).
/// </remarks>
internal sealed record VersionInfo
{
    public VersionInfo(string modelSignature, uint verWrittenCur, uint verReadableCur, uint verWeCanReadBack, string loaderSignature, string? loaderAssemblyName = null)
    {
        if (string.IsNullOrEmpty(modelSignature) || modelSignature.Length > 8 || modelSignature.Any(ch => ch < 0x20 || ch > 0x7E))
        {
            throw new ArgumentException("A model signature is 1 to 8 printable ASCII characters.", nameof(modelSignature));
        }

        if (string.IsNullOrEmpty(loaderSignature) || loaderSignature.Length > ModelFormat.MaxNameLength)
        {
            throw new ArgumentException($"A loader signature is 1 to {ModelFormat.MaxNameLength} characters.", nameof(loaderSignature));
        }

        if (verReadableCur > verWrittenCur || verWeCanReadBack > verWrittenCur)
        {
            throw new ArgumentException("The readable and read-back versions cannot be newer than the written version.");
        }

        ModelSignature = modelSignature;
        VerWrittenCur = verWrittenCur;
        VerReadableCur = verReadableCur;
        VerWeCanReadBack = verWeCanReadBack;
        LoaderSignature = loaderSignature;
        LoaderAssemblyName = loaderAssemblyName;
    }

    /// <summary>An 8-character (at most) tag of the component's format, e.g. <c>XF CHAIN</c>.</summary>
    public string ModelSignature { get; }

    /// <summary>The version this code writes.</summary>
    public uint VerWrittenCur { get; }

    /// <summary>The oldest reader version that can read what this code writes.</summary>
    public uint VerReadableCur { get; }

    /// <summary>The oldest written version this code can still read.</summary>
    public uint VerWeCanReadBack { get; }

    /// <summary>The name the component is registered under in <see cref="ComponentRegistry"/>.</summary>
    public string LoaderSignature { get; }

    /// <summary>The simple name of the assembly that registers the loader (defaults to the saving component's
    /// assembly); used to find product assemblies that are not loaded yet.</summary>
    public string? LoaderAssemblyName { get; }
}
