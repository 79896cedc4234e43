using MlNetCnn.Kernels;

namespace MlNetCnn.Keras;

/// <summary>Process-wide settings of the Keras-style API (Keras's <c>keras.backend</c>).</summary>
public static class Backend
{
    private static IKernels _kernels = new ReferenceKernels();

    /// <summary>
    /// The kernels a model runs with when it was not given its own (<see cref="Sequential.Kernels"/>). Read when a
    /// model creates its executors (first <c>Fit</c>, <c>Evaluate</c> or <c>Predict</c>), so set it before training.
    /// </summary>
    public static IKernels Kernels
    {
        get => Volatile.Read(ref _kernels);
        set => Volatile.Write(ref _kernels, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Resets the automatic layer and model names of the current naming scope (Keras's <c>clear_session()</c> for names).</summary>
    public static void ClearSession() => KerasNames.Reset();
}
