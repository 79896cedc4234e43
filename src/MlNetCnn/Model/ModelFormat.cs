namespace MlNetCnn;

/// <summary>Constants of the model file format (see <c>Model/README.md</c>).</summary>
internal static class ModelFormat
{
    /// <summary>The 8 ASCII bytes that start every <c>Model.key</c> entry.</summary>
    public static ReadOnlySpan<byte> ComponentMagic => "MLNCNNMK"u8;

    /// <summary>The version of the <c>Model.key</c> header layout.</summary>
    public const uint HeaderVersion = 1;

    /// <summary>The longest loader signature, assembly name or stream name, in UTF-8 bytes.</summary>
    public const int MaxNameLength = 128;

    /// <summary>The largest entry we read into memory (1 GiB).</summary>
    public const long MaxEntryBytes = 1L << 30;

    /// <summary>The deepest nesting of components (guards against malicious recursion).</summary>
    public const int MaxDepth = 64;

    /// <summary>The name of a component's main entry inside its folder.</summary>
    public const string ModelKey = "Model.key";

    /// <summary>The folder of the root transformer chain.</summary>
    public const string ChainFolder = "TransformerChain";

    /// <summary>The root entry that holds the input schema.</summary>
    public const string SchemaEntry = "Schema";

    /// <summary>The root entry that holds the product version.</summary>
    public const string VersionEntry = "TrainingInfo/Version.txt";

    /// <summary>Joins zip path segments with '/'.</summary>
    public static string Combine(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;

    /// <summary>Checks a name used as a folder or stream name inside a component folder.</summary>
    public static void CheckName(string name, string paramName)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name == "." || name == ".." || name == ModelKey
            || name.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch == '_' || ch == '-' || ch == '.')))
        {
            throw new ArgumentException($"'{name}' is not a valid model entry name: use 1 to {MaxNameLength} ASCII letters, digits, '_', '-' or '.', and not '{ModelKey}'.", paramName);
        }
    }
}
