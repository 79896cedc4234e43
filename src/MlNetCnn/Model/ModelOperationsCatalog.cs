namespace MlNetCnn;

/// <summary>
/// Model operations (<c>mlContext.Model</c>): saving and loading model files, creating prediction engines.
/// </summary>
public sealed partial class ModelOperationsCatalog : IInternalCatalog
{
    internal ModelOperationsCatalog(MLContext env)
    {
        Environment = env;
    }

    internal MLContext Environment { get; }

    MLContext IInternalCatalog.Environment => Environment;
}
