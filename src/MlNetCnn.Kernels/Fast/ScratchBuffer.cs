namespace MlNetCnn.Kernels.Fast;

/// <summary>
/// A pinned float buffer owned by one <see cref="FastKernels"/> for scratch the API gives no workspace for (GEMM's
/// packed B). It grows on demand, so the first call at a new, larger shape allocates; later calls do not.
/// </summary>
internal sealed unsafe class ScratchBuffer
{
    private float[] _data = [];

    /// <summary>A pointer to at least <paramref name="length"/> floats, 64-byte aligned; valid until the next call.</summary>
    public float* Get(long length)
    {
        long needed = length + 16;
        if (_data.Length < needed)
        {
            if (needed > Array.MaxLength)
            {
                throw new InvalidOperationException($"The kernel needs {length} floats of scratch, more than an array can hold.");
            }

            long grown = Math.Min(Math.Max(needed, _data.Length * 3L / 2), Array.MaxLength);
            _data = GC.AllocateUninitializedArray<float>((int)grown, pinned: true);
        }

        fixed (float* p = _data)
        {
            return Align(p);
        }
    }

    /// <summary>Rounds a pointer up to the next 64-byte boundary.</summary>
    public static float* Align(float* p) => (float*)(((nuint)p + 63) & ~(nuint)63);
}
