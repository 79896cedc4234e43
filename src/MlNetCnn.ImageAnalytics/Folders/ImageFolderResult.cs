using System.Globalization;
using System.Text;

namespace MlNetCnn.Data;

/// <summary>What <see cref="ImageFolder.Load"/> found: the labelled images and a report of the files left out.</summary>
public sealed class ImageFolderResult
{
    internal ImageFolderResult(string root, IReadOnlyList<ImageFolderEntry> images, IReadOnlyList<ImageFolderIssue> skipped, IReadOnlyList<ImageFolderIssue> unreadable)
    {
        Root = root;
        Images = images;
        SkippedFiles = skipped;
        UnreadableImages = unreadable;
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            counts[image.Label] = counts.GetValueOrDefault(image.Label) + 1;
        }

        LabelCounts = counts;
    }

    /// <summary>The full path of the root folder.</summary>
    public string Root { get; }

    /// <summary>The images, sorted by path: one row each.</summary>
    public IReadOnlyList<ImageFolderEntry> Images { get; }

    /// <summary>The number of images per label, labels in ordinal order.</summary>
    public IReadOnlyDictionary<string, int> LabelCounts { get; }

    /// <summary>Files left out because they are not (readable-format) images: wrong extension, content that is not
    /// an image, or no label folder. Each with its reason.</summary>
    public IReadOnlyList<ImageFolderIssue> SkippedFiles { get; }

    /// <summary>Image files that could not be read or decoded, each with the reason.</summary>
    public IReadOnlyList<ImageFolderIssue> UnreadableImages { get; }

    /// <summary>A readable report: the counts per label, then every skipped and unreadable file with its reason.</summary>
    /// <returns>The report, one item per line.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Image folder '{Root}': {Images.Count:N0} images in {LabelCounts.Count} labels");
        text.Append(CultureInfo.InvariantCulture, $"; {SkippedFiles.Count:N0} files skipped (not images); {UnreadableImages.Count:N0} unreadable images.");
        text.AppendLine();
        int width = LabelCounts.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
        foreach (var (label, count) in LabelCounts)
        {
            text.Append("  ").Append(label.PadRight(width)).Append(CultureInfo.InvariantCulture, $"  {count,8:N0}").AppendLine();
        }

        AppendIssues(text, "Skipped (not images):", SkippedFiles);
        AppendIssues(text, "Unreadable images:", UnreadableImages);
        return text.ToString();
    }

    private static void AppendIssues(StringBuilder text, string title, IReadOnlyList<ImageFolderIssue> issues)
    {
        if (issues.Count == 0)
        {
            return;
        }

        text.AppendLine(title);
        foreach (var issue in issues)
        {
            text.Append("  ").AppendLine(issue.ToString());
        }
    }
}
