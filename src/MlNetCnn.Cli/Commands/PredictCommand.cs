using System.CommandLine;
using System.Globalization;
using MlNetCnn.Data;
using MlNetCnn.Vision;

namespace MlNetCnn.Cli.Commands;

/// <summary><c>mlnetcnn predict</c>: loads a saved image-classification model and classifies image files, given to the
/// model as their raw bytes.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "A model (.zip) holding an ImageClassification trainer's transformer (e.g. saved by image-classification).", Required = true };
        var images = new Option<FileInfo[]>("--image") { Description = "An image file to classify (repeat for several).", Required = true, AllowMultipleArgumentsPerToken = true };
        var top = new Option<int>("--top") { Description = "How many of the highest scores to print per image.", DefaultValueFactory = _ => 3 };
        var command = new Command("predict", "Classify image files with a saved image-classification model: the predicted label and the top scores.")
        {
            model, images, top,
        };
        command.SetAction(result => CommonOptions.Run(() => Run(result.GetValue(model)!, result.GetValue(images)!, result.GetValue(top))));
        return command;
    }

    /// <summary>One row of input: the image bytes (the column is renamed to the model's feature column).</summary>
    internal sealed class ImageRow
    {
        public byte[] Image = Array.Empty<byte>();
    }

    private static int Run(FileInfo modelFile, FileInfo[] imageFiles, int top)
    {
        if (top <= 0) throw new CliException($"--top must be positive, got {top}.");
        if (!modelFile.Exists) throw new CliException($"model file '{modelFile.FullName}' does not exist.");
        foreach (var file in imageFiles)
        {
            if (!file.Exists) throw new CliException($"image file '{file.FullName}' does not exist.");
        }

        var ml = new MLContext();
        var loaded = ml.Model.Load(modelFile.FullName, out _);
        var (steps, classifier) = FromClassifier(loaded)
            ?? throw new CliException($"'{modelFile.Name}' holds no image-classification model (an ImageClassification trainer's transformer).");
        var definition = SchemaDefinition.Create(typeof(ImageRow));
        definition[nameof(ImageRow.Image)].ColumnName = classifier.FeatureColumnName;
        var chain = new TransformerChain<ITransformer>(steps.ToArray());
        var ci = CultureInfo.InvariantCulture;
        foreach (var file in imageFiles)
        {
            float[] scores;
            try
            {
                scores = Score(ml, chain, definition, File.ReadAllBytes(file.FullName), classifier.ScoreColumnName, out var names);
                int width = Math.Max(8, names.Max(n => n.Length));
                var ranked = Enumerable.Range(0, scores.Length).OrderByDescending(c => scores[c]).ThenBy(c => c).Take(top).ToArray();
                Console.WriteLine(string.Format(ci, "{0}: {1} ({2:F6})", file.Name, names[ranked[0]], scores[ranked[0]]));
                foreach (int c in ranked)
                {
                    Console.WriteLine(string.Format(ci, "  {0} {1:F6}", names[c].PadRight(width), scores[c]));
                }
            }
            catch (InvalidOperationException e)
            {
                throw new CliException($"cannot classify '{file.FullName}': {e.Message}", inner: e);
            }
        }

        (loaded as IDisposable)?.Dispose();
        return 0;
    }

    /// <summary>Scores one image's bytes through <paramref name="chain"/>; returns the scores and the class
    /// names.</summary>
    internal static float[] Score(MLContext ml, ITransformer chain, SchemaDefinition definition, byte[] image, string scoreColumnName, out string[] names)
    {
        var scored = chain.Transform(ml.Data.LoadFromEnumerable(new[] { new ImageRow { Image = image } }, definition));
        var scoreColumn = scored.Schema[scoreColumnName];
        using var cursor = scored.GetRowCursor(new[] { scoreColumn });
        var getScores = cursor.GetGetter<VBuffer<float>>(scoreColumn);
        VBuffer<float> buffer = default;
        cursor.MoveNext();
        getScores(ref buffer);
        var scores = buffer.DenseValues().ToArray();
        names = ClassNames(scoreColumn, scores.Length);
        return scores;
    }

    /// <summary>The steps of <paramref name="model"/> from the image classifier on (nested chains flattened), and the
    /// classifier; null when there is none. Scoring from the classifier on lets image bytes be given directly, even
    /// when earlier steps load them from paths.</summary>
    internal static (List<ITransformer> Steps, MulticlassPredictionTransformer<ImageClassificationModelParameters> Classifier)? FromClassifier(ITransformer model)
    {
        var steps = new List<ITransformer>();
        Flatten(model, steps);
        int index = steps.FindIndex(s => s is MulticlassPredictionTransformer<ImageClassificationModelParameters>);
        if (index < 0) return null;
        return (steps.GetRange(index, steps.Count - index), (MulticlassPredictionTransformer<ImageClassificationModelParameters>)steps[index]);
    }

    private static void Flatten(ITransformer transformer, List<ITransformer> steps)
    {
        if (transformer is IEnumerable<ITransformer> chain)
        {
            foreach (var step in chain) Flatten(step, steps);
        }
        else
        {
            steps.Add(transformer);
        }
    }

    /// <summary>The class names from the score column's slot names, or "class 1", "class 2", ... without them.</summary>
    private static string[] ClassNames(DataViewSchema.Column score, int classes)
    {
        var names = Enumerable.Range(1, classes).Select(c => string.Create(CultureInfo.InvariantCulture, $"class {c}")).ToArray();
        if (score.Annotations.Schema.GetColumnOrNull(AnnotationUtils.Kinds.SlotNames) is not null)
        {
            VBuffer<ReadOnlyMemory<char>> slots = default;
            score.GetSlotNames(ref slots);
            var values = slots.DenseValues().ToArray();
            for (int c = 0; c < Math.Min(classes, values.Length); c++)
            {
                if (!values[c].IsEmpty) names[c] = values[c].ToString();
            }
        }

        return names;
    }
}
