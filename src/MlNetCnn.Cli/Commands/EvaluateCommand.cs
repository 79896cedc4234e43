using System.CommandLine;
using System.Globalization;
using MlNetCnn.Keras;
using Spectre.Console;

namespace MlNetCnn.Cli.Commands;

/// <summary><c>mlnetcnn evaluate</c>: test accuracy and loss of a saved model on Fashion-MNIST's test set.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var dataset = CommonOptions.Dataset();
        var dataDir = CommonOptions.DataDir();
        var model = new Option<FileInfo>("--model") { Description = "The saved model (.zip) to evaluate.", Required = true };
        var batchSize = CommonOptions.BatchSize();
        var kernels = CommonOptions.KernelsOption();
        var threads = CommonOptions.Threads();
        var command = new Command("evaluate", "Print a saved model's test accuracy and loss, and its accuracy per class.")
        {
            dataset, dataDir, model, batchSize, kernels, threads,
        };
        command.SetAction(result => CommonOptions.Run(() =>
        {
            var file = result.GetValue(model)!;
            if (!file.Exists) throw new CliException($"model file '{file.FullName}' does not exist.");
            int batch = result.GetValue(batchSize);
            if (batch <= 0) throw new CliException($"--batch-size must be positive, got {batch}.");
            var data = CommonOptions.LoadDataset(result.GetValue(dataset)!, result.GetValue(dataDir));
            var network = Sequential.Load(file.FullName);
            var kernelSet = CommonOptions.CreateKernels(result.GetValue(kernels)!, result.GetValue(threads));
            using var owned = kernelSet as IDisposable;
            network.Kernels = kernelSet;
            if (network.InputShape is not { Count: 3 } shape || shape[0] != 28 || shape[1] != 28 || shape[2] != 1 || network.ClassCount != 10)
                throw new CliException($"model '{file.Name}' takes inputs {string.Join("x", network.InputShape ?? Array.Empty<int>())} with {network.ClassCount} classes; Fashion-MNIST needs 28x28x1 and 10.");
            var x = CommonOptions.Images(data.Test, data.Test.Count);
            var y = CommonOptions.Labels(data.Test, data.Test.Count);
            if (!network.IsCompiled) network.Compile("adam", "sparse_categorical_crossentropy", new[] { "accuracy" }, kernelSet);
            var metrics = network.Evaluate(x, y, batch);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Test accuracy: {metrics.Accuracy:F4}   test loss: {metrics.Loss:F4}   ({data.Test.Count:N0} images)"));
            PrintPerClass(network.Predict(x, batch), y);
            return 0;
        }));
        return command;
    }

    private static void PrintPerClass(Engine.Tensor probabilities, byte[] labels)
    {
        int classes = probabilities.Shape[1];
        var correct = new int[classes];
        var count = new int[classes];
        for (int i = 0; i < labels.Length; i++)
        {
            var row = probabilities.Sample(i);
            int best = 0;
            for (int c = 1; c < classes; c++) if (row[c] > row[best]) best = c;
            count[labels[i]]++;
            if (best == labels[i]) correct[labels[i]]++;
        }
        var table = new Table().AddColumn("class").AddColumn(new TableColumn("images").RightAligned()).AddColumn(new TableColumn("accuracy").RightAligned());
        for (int c = 0; c < classes; c++)
        {
            string name = c < Datasets.FashionMnist.ClassNames.Count ? Datasets.FashionMnist.ClassNames[c] : c.ToString(CultureInfo.InvariantCulture);
            double acc = count[c] == 0 ? 0 : correct[c] / (double)count[c];
            table.AddRow(Markup.Escape(name), count[c].ToString("N0", CultureInfo.InvariantCulture), acc.ToString("F4", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
    }
}
