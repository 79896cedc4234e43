namespace MlNetCnn;

/// <summary>
/// Data operations (<c>mlContext.Data</c>): loading from objects and files, converting back to objects, splitting,
/// shuffling, caching and filtering.
/// </summary>
public sealed partial class DataOperationsCatalog : IInternalCatalog
{
    internal DataOperationsCatalog(MLContext env)
    {
        Environment = env;
    }

    internal MLContext Environment { get; }

    MLContext IInternalCatalog.Environment => Environment;
}
