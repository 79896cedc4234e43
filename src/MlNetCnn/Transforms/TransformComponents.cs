using System.Runtime.CompilerServices;
using MlNetCnn.Data;
using MlNetCnn.Transforms;

namespace MlNetCnn;

/// <summary>Registers the loaders of the transforms, the prediction transformer and the other components of the
/// pipeline half of this assembly when the assembly is loaded (the same as one line each in
/// <see cref="BuiltInComponents"/>, kept in its own file).</summary>
internal static class TransformComponents
{
#pragma warning disable CA2255 // A library registering its own loadable components is the intended use.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        ComponentRegistry.Register(ValueToKeyMappingTransformer.LoaderSignature, ValueToKeyMappingTransformer.Load);
        ComponentRegistry.Register(KeyToValueMappingTransformer.LoaderSignature, KeyToValueMappingTransformer.Load);
        ComponentRegistry.Register(ColumnCopyingTransformer.LoaderSignature, ColumnCopyingTransformer.Load);
        ComponentRegistry.Register(ColumnConcatenatingTransformer.LoaderSignature, ColumnConcatenatingTransformer.Load);
        ComponentRegistry.Register(ColumnSelectingTransformer.LoaderSignature, ColumnSelectingTransformer.Load);
        ComponentRegistry.Register(NormalizingTransformer.LoaderSignature, NormalizingTransformer.Load);
        ComponentRegistry.Register(MulticlassPredictionTransformerPersistence.LoaderSignature, MulticlassPredictionTransformerPersistence.Load);
    }
}
