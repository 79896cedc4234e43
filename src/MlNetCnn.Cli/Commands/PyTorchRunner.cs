using System.Diagnostics;
using System.Text.Json;

namespace MlNetCnn.Cli.Commands;

/// <summary>Runs the repo's PyTorch reference benchmark (tests/bench/pytorch_bench.py) and reads its JSON.</summary>
internal static class PyTorchRunner
{
    public const string InstallHint = "PyTorch is not installed. On Debian or Ubuntu: sudo apt-get install python3-torch (the benchmark was written for PyTorch 1.13).";

    /// <summary>The script's path, found by walking up from the working directory and the tool's folder.</summary>
    public static string FindScript()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "tests", "bench", "pytorch_bench.py");
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new CliException("tests/bench/pytorch_bench.py was not found; run the benchmark from inside the MlNetCnn repository.");
    }

    /// <summary>
    /// The interpreter to use: <paramref name="requested"/> when given; otherwise the first <c>python3</c> on PATH that
    /// can import torch (a version manager's <c>python3</c> often comes first on PATH without the system's packages).
    /// Null when none can.
    /// </summary>
    public static string? FindPython(string? requested)
    {
        if (requested is not null) return TorchVersion(requested) is null ? null : requested;
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "python3"))
            .Where(File.Exists)
            .Distinct(StringComparer.Ordinal);
        return candidates.FirstOrDefault(c => TorchVersion(c) is not null);
    }

    /// <summary>Null when python3 or torch is missing; otherwise the torch version.</summary>
    public static string? TorchVersion(string python)
    {
        var (code, stdout, _) = Run(python, new[] { "-c", "import torch; print(torch.__version__)" }, TimeSpan.FromMinutes(2));
        return code == 0 ? stdout.Trim() : null;
    }

    /// <summary>Runs one PyTorch round and returns its JSON figures.</summary>
    public static Dictionary<string, double> RunRound(string python, string script, string dataDir, int threads, double seconds)
    {
        var args = new[] { script, "--json", "--data-dir", dataDir, "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--seconds", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var (code, stdout, stderr) = Run(python, args, TimeSpan.FromMinutes(15));
        if (code != 0) throw new CliException($"the PyTorch benchmark failed (exit {code}): {stderr.Trim()}");
        try
        {
            using var doc = JsonDocument.Parse(stdout.Trim().Split('\n').Last());
            var result = new Dictionary<string, double>();
            foreach (var p in doc.RootElement.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.Number) result[p.Name] = p.Value.GetDouble();
            return result;
        }
        catch (JsonException ex)
        {
            throw new CliException($"the PyTorch benchmark printed no JSON object: {ex.Message}");
        }
    }

    private static (int Code, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return (-1, "", $"timed out after {timeout.TotalMinutes} minutes");
            }
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "", $"'{file}' could not be started");
        }
    }
}
