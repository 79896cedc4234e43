using MlNetCnn.Data;
using MlNetCnn.Runtime;

namespace MlNetCnn;

/// <summary>
/// Loads folder-per-label image datasets through <c>mlContext.Data</c>. An MlNetCnn addition: Model Builder
/// generates an equivalent <c>LoadImageFromFolder</c> method into each project instead.
/// </summary>
public static class ImageFolderCatalog
{
    /// <summary>Creates a data view of the images below <paramref name="folder"/>, one sub-folder per label, with
    /// the text columns <c>ImagePath</c> (full path) and <c>Label</c> (folder name). Chain it with
    /// <c>LoadImages("Image", null, "ImagePath")</c> or <c>LoadRawImageBytes</c>, and <c>MapValueToKey("Label")</c>.</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="folder">The dataset folder.</param>
    /// <param name="recursive">Whether images in nested folders count (labelled with their own folder's name); see
    /// <see cref="ImageFolder.Load"/>.</param>
    /// <param name="verifyImages">Whether every image is decoded now so unreadable ones are left out (default).</param>
    /// <returns>The data view (in memory; the images themselves are read later, by the image transforms).</returns>
    /// <remarks>The files left out (not images, unreadable) are reported through <see cref="MLContext.Log"/>: a
    /// summary at <see cref="ChannelMessageKind.Info"/>, one <see cref="ChannelMessageKind.Warning"/> per file. Use
    /// <see cref="ImageFolder.Load"/> for the report as an object.</remarks>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">No image was found in the label folders.</exception>
    public static IDataView LoadFromImageFolder(this DataOperationsCatalog catalog, string folder, bool recursive = true, bool verifyImages = true)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var env = ((IInternalCatalog)catalog).GetEnvironment();
        var result = ImageFolder.Load(folder, recursive, verifyImages);
        const string source = nameof(LoadFromImageFolder);
        env.WriteLog(ChannelMessageKind.Info, source,
            $"{result.Images.Count} images in {result.LabelCounts.Count} labels in '{result.Root}'; "
            + $"{result.SkippedFiles.Count} files skipped, {result.UnreadableImages.Count} unreadable.");
        foreach (var issue in result.SkippedFiles)
        {
            env.WriteLog(ChannelMessageKind.Warning, source, $"Skipped {issue.Path}: {issue.Reason}");
        }

        foreach (var issue in result.UnreadableImages)
        {
            env.WriteLog(ChannelMessageKind.Warning, source, $"Unreadable image {issue.Path}: {issue.Reason}");
        }

        if (result.Images.Count == 0)
        {
            throw new InvalidDataException(
                $"No images were found in the label folders of '{result.Root}' (expected one sub-folder per label holding PNG, JPEG, BMP or PBM/PGM/PPM files; " +
                $"{result.SkippedFiles.Count} files skipped, {result.UnreadableImages.Count} unreadable).");
        }

        return catalog.LoadFromEnumerable(result.Images);
    }
}
