using MlNetCnn.Imaging;

namespace MlNetCnn.Data;

/// <summary>
/// Reads a folder-per-label image dataset, as Model Builder's image classification does: every image file below
/// the root folder is one row, labelled with the name of the folder that contains it (<c>root/Coat/0001.png</c> has
/// label <c>Coat</c>). An MlNetCnn addition (Model Builder generates the equivalent code into each project).
/// </summary>
/// <remarks>
/// <para>Files are classified in this order, and only the last kind becomes a row:</para>
/// <list type="number">
/// <item>Files directly in the root folder have no label folder: skipped.</item>
/// <item>Files whose extension is not that of a readable image (<c>.png</c>, <c>.jpg</c>, <c>.jpeg</c>, <c>.jpe</c>,
/// <c>.jfif</c>, <c>.bmp</c>, <c>.dib</c>, <c>.pbm</c>, <c>.pgm</c>, <c>.ppm</c>, <c>.pnm</c>; any case): skipped, with
/// the reason (GIF, WebP, TIFF and other image formats that cannot be decoded are named as such).</item>
/// <item>Files whose first bytes are not those of a PNG, JPEG, BMP or PBM/PGM/PPM file
/// (<see cref="ImageDecoder.DetectFormat"/>): skipped as not images.</item>
/// <item>With <c>verifyImages</c>, every remaining file is decoded; a file that cannot be read or decoded is an
/// unreadable image, reported with the decoder's reason and left out. Nothing here is fatal.</item>
/// </list>
/// <para>Hidden and system files (for example <c>.DS_Store</c>) are ignored silently. Rows are sorted by path
/// (ordinal), so the order does not depend on the file system.</para>
/// </remarks>
public static class ImageFolder
{
    /// <summary>Scans <paramref name="root"/> for labelled images.</summary>
    /// <param name="root">The dataset folder, holding one sub-folder per label.</param>
    /// <param name="recursive">True (default): images anywhere below the label folders count, each labelled with
    /// the name of the folder that directly contains it. False: only files directly inside the root's
    /// sub-folders.</param>
    /// <param name="verifyImages">True (default): decode every image to find the unreadable ones. False: only the
    /// extension and the first bytes are checked (faster; a corrupt file then fails when its row is loaded).</param>
    /// <returns>The rows and the report.</returns>
    /// <exception cref="ArgumentException"><paramref name="root"/> is null or empty.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static ImageFolderResult Load(string root, bool recursive = true, bool verifyImages = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        string fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new DirectoryNotFoundException($"The image folder '{fullRoot}' does not exist.");
        }

        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true };
        var files = new List<string>(Directory.EnumerateFiles(fullRoot, "*", options));
        var skipped = files.Select(f => new ImageFolderIssue(f, "it is directly in the root folder, so it has no label folder")).ToList();
        files.Clear();
        var subOptions = new EnumerationOptions { RecurseSubdirectories = recursive, IgnoreInaccessible = true };
        foreach (string dir in Directory.EnumerateDirectories(fullRoot, "*", options))
        {
            files.AddRange(Directory.EnumerateFiles(dir, "*", subOptions));
        }

        files.Sort(StringComparer.Ordinal);
        var outcomes = new (ImageFolderEntry? Entry, ImageFolderIssue? Skipped, ImageFolderIssue? Unreadable)[files.Count];
        Parallel.For(0, files.Count, i => outcomes[i] = Classify(files[i], verifyImages));

        var images = new List<ImageFolderEntry>();
        var unreadable = new List<ImageFolderIssue>();
        foreach (var (entry, skip, bad) in outcomes)
        {
            if (entry != null) images.Add(entry);
            if (skip != null) skipped.Add(skip);
            if (bad != null) unreadable.Add(bad);
        }

        skipped.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new ImageFolderResult(fullRoot, images, skipped, unreadable);
    }

    private static (ImageFolderEntry?, ImageFolderIssue?, ImageFolderIssue?) Classify(string path, bool verify)
    {
        string extension = Path.GetExtension(path);
        if (ImageFiles.UnsupportedImageExtensions.Contains(extension))
        {
            return (null, new ImageFolderIssue(path, $"'{extension}' images cannot be decoded (readable formats: PNG, JPEG, BMP, PBM/PGM/PPM)"), null);
        }

        if (!ImageFiles.SupportedExtensions.Contains(extension))
        {
            string what = extension.Length == 0 ? "it has no file extension" : $"'{extension}' is not an image file extension";
            return (null, new ImageFolderIssue(path, $"not an image: {what}"), null);
        }

        try
        {
            Span<byte> head = stackalloc byte[16];
            int read;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
            {
                read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }

            if (ImageDecoder.DetectFormat(head[..read]) == ImageFormat.Unknown)
            {
                string content = read == 0
                    ? "the file is empty"
                    : $"its content is not PNG, JPEG, BMP or PBM/PGM/PPM (first bytes {Convert.ToHexString(head[..Math.Min(read, 8)])})";
                return (null, new ImageFolderIssue(path, $"not an image: {content}"), null);
            }

            if (verify)
            {
                ImageFiles.Decode(path);
            }
        }
        catch (Exception e) when (ImageFiles.IsReadFailure(e))
        {
            return (null, null, new ImageFolderIssue(path, ImageFiles.Describe(e, path)));
        }

        string label = Path.GetFileName(Path.GetDirectoryName(path)!);
        return (new ImageFolderEntry(path, label), null, null);
    }
}

/// <summary>One image of an image folder: a row of <see cref="ImageFolder.Load"/> and of
/// <c>mlContext.Data.LoadFromImageFolder</c> (columns <c>ImagePath</c> and <c>Label</c>).</summary>
public sealed class ImageFolderEntry
{
    /// <summary>Creates an entry.</summary>
    /// <param name="imagePath">The full path of the image file.</param>
    /// <param name="label">The label (the name of the folder holding the file).</param>
    public ImageFolderEntry(string imagePath, string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        ArgumentNullException.ThrowIfNull(label);
        ImagePath = imagePath;
        Label = label;
    }

    /// <summary>The full path of the image file.</summary>
    public string ImagePath { get; }

    /// <summary>The label: the name of the folder that directly contains the file.</summary>
    public string Label { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Label}: {ImagePath}";
}

/// <summary>A file of an image folder that did not become a row, and why.</summary>
/// <param name="Path">The full path of the file.</param>
/// <param name="Reason">Why it was left out.</param>
public sealed record ImageFolderIssue(string Path, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Path}: {Reason}";
}
