using System.Reflection;
using System.Runtime.CompilerServices;
using MlNetCnn.Data;
using MlNetCnn.Transforms.Image;

namespace MlNetCnn;

/// <summary>Plugs this assembly into the core when it is loaded: the image column type for classes
/// (<see cref="MLImage"/> members, <see cref="ImageTypeAttribute"/>), the image type's reader for saved schemas, and
/// the loaders of the image transforms.</summary>
internal static class ImageAnalyticsComponents
{
#pragma warning disable CA2255 // A library registering its own loadable components is the intended use.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        SchemaDefinition.RegisterTypeResolver(ResolveMemberType);
        SchemaSerializer.RegisterCustomType(ImageDataViewType.SerializationName, ImageDataViewType.Read);
        ComponentRegistry.Register(ImageLoadingTransformer.LoaderSignature, ImageLoadingTransformer.Load);
        ComponentRegistry.Register(ImageDecodingTransformer.LoaderSignature, ImageDecodingTransformer.Load);
        ComponentRegistry.Register(ImageResizingTransformer.LoaderSignature, ImageResizingTransformer.Load);
        ComponentRegistry.Register(ImageGrayscalingTransformer.LoaderSignature, ImageGrayscalingTransformer.Load);
        ComponentRegistry.Register(ImagePixelExtractingTransformer.LoaderSignature, ImagePixelExtractingTransformer.Load);
    }

    /// <summary>The column type of an <see cref="MLImage"/> member: <see cref="ImageDataViewType"/> with the size of
    /// its <see cref="ImageTypeAttribute"/>, or of unknown size.</summary>
    internal static DataViewType? ResolveMemberType(MemberInfo member, Type memberType)
    {
        var attribute = member.GetCustomAttribute<ImageTypeAttribute>();
        if (memberType == typeof(MLImage))
        {
            return attribute?.ToType() ?? new ImageDataViewType();
        }

        if (attribute != null)
        {
            throw new InvalidOperationException($"{member.DeclaringType?.Name}.{member.Name}: [ImageType] needs an MLImage member, not {memberType.Name}.");
        }

        return null;
    }
}
