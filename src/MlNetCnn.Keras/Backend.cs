using MlNetCnn.Kernels;

namespace MlNetCnn.Keras;

/// <summary>Process-wide settings of the Keras-style API (Keras's <c>keras.backend</c>).</summary>
public static class Backend
{
    [ThreadStatic]
    private static FastKernels? _threadKernels;
    private static IKernels? _override;

    /// <summary>
    /// The kernels a model runs with when it was not given its own (<see cref="Sequential.Kernels"/>). Read when a
    /// model creates its executors (first <c>Fit</c>, <c>Evaluate</c> or <c>Predict</c>), so set it before training.
    /// </summary>
    /// <remarks>
    /// By default every thread gets its own <see cref="FastKernels"/> (SIMD, all cores), created on first use: a
    /// <see cref="FastKernels"/> instance runs one call at a time, so models used from different threads must not share
    /// one. Setting this property replaces the default for all threads with the given instance (for example
    /// <see cref="ReferenceKernels"/>, which is safe to share); setting it to null restores the default.
    /// </remarks>
    public static IKernels Kernels
    {
        get => Volatile.Read(ref _override) ?? (_threadKernels ??= new FastKernels());
        set => Volatile.Write(ref _override, value);
    }

    /// <summary>Resets the automatic layer and model names of the current naming scope (Keras's <c>clear_session()</c> for names).</summary>
    public static void ClearSession() => KerasNames.Reset();
}
