using MlNetCnn.Runtime;

namespace MlNetCnn;

/// <summary>
/// The entry point of every pipeline: holds the catalogs of operations (data loading, transforms, trainers, model
/// files), the random seed, and the log.
/// </summary>
/// <remarks>
/// With a seed, every component that draws random numbers (shuffling, splits, weight initialization) gets a seed from
/// one generator created from it, so a program that performs the same calls in the same order is reproducible. Without
/// a seed, that generator is seeded from the system entropy. Like ML.NET, an <see cref="MLContext"/> is not meant to
/// be used from several threads at once while training; <see cref="PredictionEnginePool{TData,TPrediction}"/> is the way to
/// predict from many threads.
/// </remarks>
public sealed class MLContext : IHostEnvironment
{
    private readonly Random _seedSource;
    private readonly object _seedLock = new();

    /// <summary>Creates a context.</summary>
    /// <param name="seed">The seed for all random operations, or null for a non-deterministic seed.</param>
    public MLContext(int? seed = null)
    {
        Seed = seed;
        _seedSource = seed.HasValue ? new Random(seed.Value) : new Random();
        Data = new DataOperationsCatalog(this);
        Model = new ModelOperationsCatalog(this);
        Transforms = new TransformsCatalog(this);
        MulticlassClassification = new MulticlassClassificationCatalog(this);
    }

    /// <summary>Raised for every message a component logs: progress, warnings, training metrics.</summary>
    public event EventHandler<LoggingEventArgs>? Log;

    /// <summary>Data loading, splitting, shuffling and caching.</summary>
    public DataOperationsCatalog Data { get; }

    /// <summary>Saving and loading models, and creating prediction engines.</summary>
    public ModelOperationsCatalog Model { get; }

    /// <summary>The data transforms.</summary>
    public TransformsCatalog Transforms { get; }

    /// <summary>Multiclass classification trainers and evaluation.</summary>
    public MulticlassClassificationCatalog MulticlassClassification { get; }

    /// <summary>The seed given to the constructor.</summary>
    internal int? Seed { get; }

    /// <summary>Draws a seed for a component from the context's generator (thread-safe).</summary>
    internal int NextSeed()
    {
        lock (_seedLock)
        {
            return _seedSource.Next();
        }
    }

    /// <summary>Returns a generator seeded with <paramref name="seed"/>, or with <see cref="NextSeed"/> when null.</summary>
    internal Random CreateRandom(int? seed) => new(seed ?? NextSeed());

    /// <summary>Sends a message to the <see cref="Log"/> subscribers (does nothing when there are none).</summary>
    internal void WriteLog(ChannelMessageKind kind, string source, string message)
        => Log?.Invoke(this, new LoggingEventArgs(message, kind, source));

    /// <summary>Whether anyone listens to <see cref="Log"/> (lets components skip formatting messages).</summary>
    internal bool HasLogListeners => Log != null;
}
