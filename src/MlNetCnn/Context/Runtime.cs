namespace MlNetCnn.Runtime;

/// <summary>
/// The kinds of messages sent to <see cref="MLContext.Log"/>. The numeric values are part of the contract.
/// </summary>
public enum ChannelMessageKind
{
    /// <summary>Detailed progress, for example per-epoch training metrics.</summary>
    Trace = 0,

    /// <summary>Information.</summary>
    Info = 1,

    /// <summary>A recoverable problem, for example unparsable values replaced by missing values.</summary>
    Warning = 2,

    /// <summary>An error.</summary>
    Error = 3,
}

/// <summary>
/// The environment that components run in. <see cref="MLContext"/> is the implementation users pass, for example to
/// <c>AppendCacheCheckpoint(mlContext)</c>.
/// </summary>
public interface IHostEnvironment
{
}
