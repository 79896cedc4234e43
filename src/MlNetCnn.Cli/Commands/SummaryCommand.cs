using System.CommandLine;
using MlNetCnn.Keras;

namespace MlNetCnn.Cli.Commands;

/// <summary><c>mlnetcnn summary</c>: prints Keras's model.summary() table.</summary>
internal static class SummaryCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo?>("--model") { Description = "A saved model (.zip); default: the seeds' Fashion-MNIST network." };
        var command = new Command("summary", "Print the model summary (layers, output shapes, parameter counts) as Keras does.") { model };
        command.SetAction(result => CommonOptions.Run(() =>
        {
            var file = result.GetValue(model);
            Sequential network;
            if (file is null)
            {
                Sequential.ResetNameCounters();
                network = Applications.FashionMnistCnn();
                network.Build(new Shape(28, 28, 1));
            }
            else
            {
                if (!file.Exists) throw new CliException($"model file '{file.FullName}' does not exist.");
                network = Sequential.Load(file.FullName);
            }
            Console.Write(network.Summary());
            return 0;
        }));
        return command;
    }
}
