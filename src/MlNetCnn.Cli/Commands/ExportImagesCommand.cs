using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MlNetCnn.Datasets;
using MlNetCnn.Imaging;

namespace MlNetCnn.Cli.Commands;

/// <summary><c>mlnetcnn export-images</c>: writes Fashion-MNIST as PNG files in one folder per class, the layout
/// Model Builder's image classification (and <c>mlContext.Data.LoadFromImageFolder</c>) reads.</summary>
internal static class ExportImagesCommand
{
    public static Command Create()
    {
        var dataset = CommonOptions.Dataset();
        var dataDir = CommonOptions.DataDir();
        var output = new Option<DirectoryInfo>("--output") { Description = "The folder to write into (created if needed; must be empty unless --overwrite).", Required = true };
        var limit = new Option<int>("--limit") { Description = "Export only the first N images of each split (0: all).", DefaultValueFactory = _ => 0 };
        var split = new Option<string>("--split")
        {
            Description = "Which split: train (60,000 images), test (10,000) or both (written to <output>/train and <output>/test).",
            DefaultValueFactory = _ => "train",
        };
        var overwrite = new Option<bool>("--overwrite") { Description = "Write into a non-empty folder: files with the same names are replaced, other files are left alone." };
        var command = new Command("export-images", "Write Fashion-MNIST as 28x28 grayscale PNG files in one folder per class (T-shirt_top, Trouser, ...), named like train_00001.png.")
        {
            dataset, dataDir, output, limit, split, overwrite,
        };
        command.SetAction(result => CommonOptions.Run(() => Run(
            result.GetValue(dataset)!, result.GetValue(dataDir), result.GetValue(output)!, result.GetValue(limit), result.GetValue(split)!, result.GetValue(overwrite))));
        return command;
    }

    /// <summary>The folder name of a class: the class name with characters that are unsafe in file names (and
    /// spaces) replaced by '_', e.g. "T-shirt/top" becomes "T-shirt_top".</summary>
    internal static string SafeClassName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(new[] { '/', '\\', ':', '*', '?', '"', '<', '>', '|', ' ' }).ToHashSet();
        return new string(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
    }

    private static int Run(string datasetName, DirectoryInfo? dataDir, DirectoryInfo output, int limit, string splitName, bool overwrite)
    {
        if (limit < 0) throw new CliException($"--limit must be 0 (all) or positive, got {limit}.");
        string which = splitName.ToLowerInvariant();
        if (which is not ("train" or "test" or "both")) throw new CliException($"unknown --split '{splitName}'; expected train, test or both.");
        string root = output.FullName;
        if (File.Exists(root)) throw new CliException($"--output '{root}' is a file, not a folder.");
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any() && !overwrite)
            throw new CliException($"the output folder '{root}' is not empty; pass --overwrite to write into it (files with the same names are replaced).");

        var data = CommonOptions.LoadDataset(datasetName, dataDir);
        var splits = which switch
        {
            "train" => new[] { data.Train },
            "test" => new[] { data.Test },
            _ => new[] { data.Train, data.Test },
        };
        var classNames = FashionMnist.ClassNames.Select(SafeClassName).ToArray();
        var clock = Stopwatch.StartNew();
        var counts = new int[splits.Length, classNames.Length];
        for (int s = 0; s < splits.Length; s++)
        {
            var split = splits[s];
            string folder = splits.Length > 1 ? Path.Combine(root, split.Name) : root;
            foreach (string name in classNames) Directory.CreateDirectory(Path.Combine(folder, name));
            int count = limit == 0 ? split.Count : Math.Min(limit, split.Count);
            Parallel.For(0, count, i =>
            {
                int label = split.Labels[i];
                var frame = new ImageFrame(split.Width, split.Height, 1, split.GetImage(i).ToArray());
                PngEncoder.Save(frame, Path.Combine(folder, classNames[label], string.Create(CultureInfo.InvariantCulture, $"{split.Name}_{i + 1:D5}.png")));
            });
            for (int i = 0; i < count; i++) counts[s, split.Labels[i]]++;
        }

        int total = counts.Cast<int>().Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Exported {total:N0} Fashion-MNIST images ({string.Join(" and ", splits.Select(s => s.Name))}) to {root} in {clock.Elapsed.TotalSeconds:F1} s."));
        int width = Math.Max(5, classNames.Max(n => n.Length));
        static string Cell(int n) => n.ToString("N0", CultureInfo.InvariantCulture).PadLeft(9);
        var columns = Enumerable.Range(0, splits.Length).ToArray();
        Console.WriteLine("  " + "class".PadRight(width) + string.Concat(splits.Select(s => s.Name.PadLeft(9))));
        for (int c = 0; c < classNames.Length; c++)
        {
            int row = c;
            Console.WriteLine("  " + classNames[c].PadRight(width) + string.Concat(columns.Select(s => Cell(counts[s, row]))));
        }

        Console.WriteLine("  " + "total".PadRight(width) + string.Concat(columns.Select(s => Cell(Enumerable.Range(0, classNames.Length).Sum(c => counts[s, c])))));
        return 0;
    }
}
