using System.Runtime.CompilerServices;
using MlNetCnn.Vision;

namespace MlNetCnn;

/// <summary>Registers the loadable components of this assembly when it is loaded (the model-file loader also loads
/// this assembly by name when a file needs one of them).</summary>
internal static class VisionComponents
{
#pragma warning disable CA2255 // A library registering its own loadable components is the intended use.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        ComponentRegistry.Register(CnnModelParameters.LoaderSignature, CnnModelParameters.Load);
        ComponentRegistry.Register(ImageClassificationModelParameters.LoaderSignature, ImageClassificationModelParameters.Load);
    }
}
