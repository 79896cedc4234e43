namespace MlNetCnn;

/// <summary>Implemented by every catalog so that components reach the <see cref="MLContext"/> it belongs to.</summary>
internal interface IInternalCatalog
{
    /// <summary>The context that owns the catalog.</summary>
    MLContext Environment { get; }
}

/// <summary>Helpers for catalog extension methods.</summary>
internal static class CatalogUtils
{
    /// <summary>Returns the context behind a catalog.</summary>
    public static MLContext GetEnvironment(this IInternalCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Environment;
    }
}

/// <summary>
/// The base of catalogs whose sub-catalogs are created by the parent (for example
/// <see cref="MulticlassClassificationCatalog.Trainers"/>).
/// </summary>
public abstract class CatalogInstantiatorBase : IInternalCatalog
{
    private protected CatalogInstantiatorBase(MLContext env)
    {
        ArgumentNullException.ThrowIfNull(env);
        Environment = env;
    }

    /// <summary>The context that owns the catalog.</summary>
    internal MLContext Environment { get; }

    MLContext IInternalCatalog.Environment => Environment;
}

/// <summary>
/// The catalog of data transforms (<c>mlContext.Transforms</c>). Transforms are extension methods on this class and
/// on its sub-catalogs.
/// </summary>
public sealed partial class TransformsCatalog : IInternalCatalog
{
    internal TransformsCatalog(MLContext env)
    {
        Environment = env;
        Conversion = new ConversionTransforms(this);
    }

    /// <summary>Type conversions and key/value mappings (for example <c>MapValueToKey</c>).</summary>
    public ConversionTransforms Conversion { get; }

    internal MLContext Environment { get; }

    MLContext IInternalCatalog.Environment => Environment;

    /// <summary>
    /// The sub-catalog of conversion transforms (<c>mlContext.Transforms.Conversion</c>).
    /// </summary>
    public sealed class ConversionTransforms : IInternalCatalog
    {
        internal ConversionTransforms(TransformsCatalog owner)
        {
            Owner = owner;
        }

        internal TransformsCatalog Owner { get; }

        MLContext IInternalCatalog.Environment => Owner.Environment;
    }
}

/// <summary>
/// The catalog of multiclass classification (<c>mlContext.MulticlassClassification</c>): trainers (extension methods
/// on <see cref="Trainers"/>) and evaluation.
/// </summary>
public sealed partial class MulticlassClassificationCatalog : IInternalCatalog
{
    internal MulticlassClassificationCatalog(MLContext env)
    {
        Environment = env;
        Trainers = new MulticlassClassificationTrainers(this);
    }

    /// <summary>The multiclass trainers.</summary>
    public MulticlassClassificationTrainers Trainers { get; }

    internal MLContext Environment { get; }

    MLContext IInternalCatalog.Environment => Environment;

    /// <summary>
    /// The sub-catalog of multiclass trainers (<c>mlContext.MulticlassClassification.Trainers</c>).
    /// </summary>
    public sealed class MulticlassClassificationTrainers : CatalogInstantiatorBase
    {
        internal MulticlassClassificationTrainers(MulticlassClassificationCatalog catalog)
            : base(catalog.Environment)
        {
            Owner = catalog;
        }

        internal MulticlassClassificationCatalog Owner { get; }
    }
}
