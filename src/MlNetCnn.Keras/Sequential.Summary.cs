using System.Globalization;
using System.Text;

namespace MlNetCnn.Keras;

public sealed partial class Sequential
{
    private static readonly double[] DefaultSummaryPositions = [0.45, 0.85, 1.0];

    /// <summary>
    /// The model summary exactly as Keras 2 (tf.keras 2.x) <c>model.summary()</c> prints it for a Sequential model:
    /// the name, a header, one row per layer with its output shape and parameter count, and the totals. Lines end with
    /// "\n".
    /// </summary>
    /// <param name="lineLength">The width of every line (Keras's default 65).</param>
    /// <param name="positions">Column ends, relative (last &lt;= 1, multiplied by the line length and truncated) or
    /// absolute; default [0.45, 0.85, 1.0], i.e. columns ending at 29, 55 and 65.</param>
    /// <remarks>
    /// Each row starts with a space; a field longer than its column minus two spaces continues on the next line (a
    /// long name such as "max_pooling2d (MaxPooling2D)" wraps its last character), and a line of spaces separates the
    /// layers. Parameter counts carry thousands separators in the rows and in the totals, as current Keras prints
    /// them: "36,928" in the row, "Total params: 243,786" below.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The model is not built (Keras: "This model has not yet been built").</exception>
    public string Summary(int lineLength = 65, IReadOnlyList<double>? positions = null)
    {
        var text = new StringBuilder();
        Summary(line => text.Append(line).Append('\n'), lineLength, positions);
        return text.ToString();
    }

    /// <summary>Prints the summary (see <see cref="Summary(int, IReadOnlyList{double}?)"/>) one line at a time.</summary>
    /// <param name="print">Called once per line, e.g. <c>Console.WriteLine</c>.</param>
    /// <param name="lineLength">The width of every line.</param>
    /// <param name="positions">Column ends, relative or absolute.</param>
    public void Summary(Action<string> print, int lineLength = 65, IReadOnlyList<double>? positions = null)
    {
        ArgumentNullException.ThrowIfNull(print);
        if (lineLength <= 0) throw new ArgumentOutOfRangeException(nameof(lineLength), lineLength, "The line length must be positive.");
        if (_built is null)
            throw new InvalidOperationException($"This model ('{Name}') has not yet been built. Build the model first by giving inputShape to the first layer, adding an InputLayer, or calling Build(inputShape) or Fit.");
        var pos = (positions ?? DefaultSummaryPositions).ToArray();
        if (pos.Length != 3) throw new ArgumentException("A Sequential summary has three columns: give three positions.", nameof(positions));
        int[] columns = pos[^1] <= 1 ? pos.Select(p => (int)(lineLength * p)).ToArray() : pos.Select(p => (int)p).ToArray();

        print($"Model: \"{Name}\"");
        print(new string('_', lineLength));
        PrintRow(print, columns, "Layer (type)", "Output Shape", "Param #");
        print(new string('=', lineLength));
        foreach (var layer in _layers)
        {
            PrintRow(print, columns, $"{layer.Name} ({layer.ClassName})", Shape.FormatBatch(layer.OutputShape),
                layer.CountParams().ToString("N0", CultureInfo.InvariantCulture));
            print(new string(' ', lineLength));
        }
        print(new string('=', lineLength));

        var graph = _built.Graph;
        long trainable = graph.Parameters.Where(p => p.Trainable).Sum(p => (long)p.Length);
        long total = graph.Parameters.Sum(p => (long)p.Length);
        print($"Total params: {total.ToString("N0", CultureInfo.InvariantCulture)}");
        print($"Trainable params: {trainable.ToString("N0", CultureInfo.InvariantCulture)}");
        print($"Non-trainable params: {(total - trainable).ToString("N0", CultureInfo.InvariantCulture)}");
        print(new string('_', lineLength));
    }

    /// <summary>
    /// One table row as Keras 2's print_row lays it out: each column holds at most its width minus 2 characters
    /// (the last column its full width), breaking early after "),", "},", "]," or "',"; what does not fit is printed on
    /// following lines; every line starts with a space and is padded to each column's end.
    /// </summary>
    private static void PrintRow(Action<string> print, int[] positions, params string[] fields)
    {
        var left = (string[])fields.Clone();
        var line = new StringBuilder();
        while (left.Any(f => f.Length > 0))
        {
            line.Clear();
            for (int col = 0; col < left.Length; col++)
            {
                int start = col > 0 ? positions[col - 1] : 0;
                int end = positions[col];
                int space = col != positions.Length - 1 ? 2 : 0;
                int cutoff = Math.Max(end - start - space, 1);
                string fit = left[col].Length > cutoff ? left[col][..cutoff] : left[col];
                int breakAt = int.MaxValue;
                foreach (string marker in (ReadOnlySpan<string>)["),", "},", "],", "',"])
                {
                    int found = fit.IndexOf(marker, StringComparison.Ordinal);
                    if (found >= 0) breakAt = Math.Min(breakAt, found + marker.Length);
                }
                if (breakAt != int.MaxValue)
                {
                    cutoff = breakAt;
                    fit = fit[..cutoff];
                }
                if (col == 0) line.Append(' ');
                line.Append(fit);
                line.Append(' ', space);
                left[col] = left[col].Length > cutoff ? left[col][cutoff..] : string.Empty;
                int pad = positions[col] - line.Length;
                if (pad > 0) line.Append(' ', pad);
            }
            print(line.ToString());
        }
    }
}
