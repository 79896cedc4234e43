using System.Globalization;
using System.Text;

namespace MlNetCnn.Data;

/// <summary>
/// The confusion matrix of a classification evaluation: <see cref="Counts"/>[actual][predicted].
/// </summary>
/// <remarks>
/// PerClassPrecision[c] = Counts[c][c] / (sum over rows r of Counts[r][c]), the share of rows predicted as c that are
/// of class c; PerClassRecall[c] = Counts[c][c] / (sum over columns j of Counts[c][j]), the share of rows of class c
/// predicted as c. Both are 0 when the denominator is 0.
/// </remarks>
public sealed class ConfusionMatrix
{
    private readonly double[][] _counts;

    internal ConfusionMatrix(double[][] counts, IReadOnlyList<string> classNames)
    {
        _counts = counts;
        NumberOfClasses = counts.Length;
        PredictedClassesIndicators = classNames;
        var precision = new double[NumberOfClasses];
        var recall = new double[NumberOfClasses];
        for (int c = 0; c < NumberOfClasses; c++)
        {
            double column = 0, row = 0;
            for (int j = 0; j < NumberOfClasses; j++)
            {
                column += counts[j][c];
                row += counts[c][j];
            }

            precision[c] = column > 0 ? counts[c][c] / column : 0;
            recall[c] = row > 0 ? counts[c][c] / row : 0;
        }

        PerClassPrecision = Array.AsReadOnly(precision);
        PerClassRecall = Array.AsReadOnly(recall);
        Counts = Array.AsReadOnly(counts.Select(r => (IReadOnlyList<double>)Array.AsReadOnly(r)).ToArray());
    }

    /// <summary>The precision of each class.</summary>
    public IReadOnlyList<double> PerClassPrecision { get; }

    /// <summary>The recall of each class.</summary>
    public IReadOnlyList<double> PerClassRecall { get; }

    /// <summary>The counts: <c>Counts[actual][predicted]</c>, rows are the true classes.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Counts { get; }

    /// <summary>The number of classes (the size of the score vector).</summary>
    public int NumberOfClasses { get; }

    /// <summary>The class names shown in the table: the score's slot names, else the label's key values, else the
    /// class indices.</summary>
    internal IReadOnlyList<string> PredictedClassesIndicators { get; }

    /// <summary>The number of rows of true class <paramref name="actualClassIndex"/> predicted as
    /// <paramref name="predictedClassIndex"/>.</summary>
    /// <param name="predictedClassIndex">The 0-based predicted class.</param>
    /// <param name="actualClassIndex">The 0-based true class.</param>
    /// <returns><c>Counts[actualClassIndex][predictedClassIndex]</c>.</returns>
    public double GetCountForClassPair(int predictedClassIndex, int actualClassIndex)
    {
        if ((uint)predictedClassIndex >= (uint)NumberOfClasses)
        {
            throw new ArgumentOutOfRangeException(nameof(predictedClassIndex), predictedClassIndex, $"There are {NumberOfClasses} classes.");
        }

        if ((uint)actualClassIndex >= (uint)NumberOfClasses)
        {
            throw new ArgumentOutOfRangeException(nameof(actualClassIndex), actualClassIndex, $"There are {NumberOfClasses} classes.");
        }

        return _counts[actualClassIndex][predictedClassIndex];
    }

    /// <summary>The matrix as a text table: one row per true class with its recall, one column per predicted class,
    /// the precisions in the last line.</summary>
    /// <returns>The table.</returns>
    public string GetFormattedConfusionTable()
    {
        var ci = CultureInfo.InvariantCulture;
        var names = PredictedClassesIndicators;
        int width = Math.Max(6, names.Select(n => n.Length).DefaultIfEmpty(0).Max());
        width = Math.Max(width, _counts.SelectMany(r => r).Select(v => v.ToString("0.##", ci).Length).DefaultIfEmpty(0).Max());
        int label = Math.Max(9, names.Select(n => n.Length).DefaultIfEmpty(0).Max());
        string rule = new string(' ', label) + " ||" + new string('=', NumberOfClasses * (width + 3) + 7);
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine("Confusion table");
        sb.AppendLine(rule);
        sb.Append("PREDICTED".PadRight(label)).Append(" ||");
        foreach (var n in names)
        {
            sb.Append(' ').Append(n.PadLeft(width)).Append(" |");
        }

        sb.AppendLine(" Recall");
        sb.AppendLine("TRUTH".PadRight(label) + " ||" + new string('=', NumberOfClasses * (width + 3) + 7));
        for (int r = 0; r < NumberOfClasses; r++)
        {
            sb.Append(names[r].PadLeft(label)).Append(" ||");
            for (int c = 0; c < NumberOfClasses; c++)
            {
                sb.Append(' ').Append(_counts[r][c].ToString("0.##", ci).PadLeft(width)).Append(" |");
            }

            sb.Append(' ').AppendLine(PerClassRecall[r].ToString("0.0000", ci));
        }

        sb.AppendLine(rule);
        sb.Append("Precision".PadRight(label)).Append(" ||");
        foreach (var p in PerClassPrecision)
        {
            sb.Append(' ').Append(p.ToString("0.0000", ci).PadLeft(width)).Append(" |");
        }

        sb.AppendLine();
        return sb.ToString();
    }
}
