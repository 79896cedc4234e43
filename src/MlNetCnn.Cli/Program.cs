namespace MlNetCnn.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("mlnetcnn: commands are being built; see README.md.");
        return args.Length == 0 ? 1 : 2;
    }
}
