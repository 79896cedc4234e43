using System.CommandLine;
using MlNetCnn.Cli.Commands;

namespace MlNetCnn.Cli;

/// <summary>The <c>mlnetcnn</c> command-line tool.</summary>
internal static class Program
{
    internal static int Main(string[] args)
    {
        var root = new RootCommand("mlnetcnn: train, evaluate and benchmark convolutional neural networks in .NET.")
        {
            SummaryCommand.Create(),
            TrainCommand.Create(),
            EvaluateCommand.Create(),
            BenchCommand.Create(),
            ExportImagesCommand.Create(),
            ImageClassificationCommand.Create(),
            PredictCommand.Create(),
            FilterCommand.Create(),
        };
        try
        {
            return root.Parse(args).Invoke();
        }
        catch (CliException ex)
        {
            Console.Error.WriteLine($"mlnetcnn: {ex.Message}");
            return ex.ExitCode;
        }
    }
}

/// <summary>An error to report to the user as one line, without a stack trace.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode = 1, Exception? inner = null) : base(message, inner) => ExitCode = exitCode;

    public int ExitCode { get; }
}
