namespace MlNetCnn.Transforms;

public sealed partial class NormalizingTransformer
{
    /// <summary>The base of the public views of a column's normalization parameters.</summary>
    public abstract class NormalizerModelParametersBase
    {
        private protected NormalizerModelParametersBase()
        {
        }
    }

    /// <summary>
    /// Affine normalization: output = (input - <see cref="Offset"/>) * <see cref="Scale"/>, per slot.
    /// </summary>
    /// <typeparam name="TData"><see cref="float"/> or <see cref="double"/> for a scalar column, an
    /// <see cref="System.Collections.Immutable.ImmutableArray{T}"/> of them (one entry per slot) for a vector
    /// column.</typeparam>
    /// <remarks>With fixZero the offset is 0 (an array of zeros for a vector). A slot with no spread has scale 0.</remarks>
    public sealed class AffineNormalizerModelParameters<TData> : NormalizerModelParametersBase
    {
        internal AffineNormalizerModelParameters(TData scale, TData offset)
        {
            Scale = scale;
            Offset = offset;
        }

        /// <summary>The factor applied after subtracting the offset.</summary>
        public TData Scale { get; }

        /// <summary>The value subtracted first.</summary>
        public TData Offset { get; }
    }

    /// <summary>
    /// CDF normalization: output = Phi((input - <see cref="Mean"/>) / <see cref="StandardDeviation"/>), Phi the
    /// standard normal cumulative distribution function; 0 for a slot whose standard deviation is 0.
    /// </summary>
    /// <typeparam name="TData">As for <see cref="AffineNormalizerModelParameters{TData}"/>.</typeparam>
    public sealed class CdfNormalizerModelParameters<TData> : NormalizerModelParametersBase
    {
        internal CdfNormalizerModelParameters(TData mean, TData standardDeviation, bool useLog)
        {
            Mean = mean;
            StandardDeviation = standardDeviation;
            UseLog = useLog;
        }

        /// <summary>The mean of the training values.</summary>
        public TData Mean { get; }

        /// <summary>The (population) standard deviation of the training values.</summary>
        public TData StandardDeviation { get; }

        /// <summary>Whether the statistics are of the logarithm of the values (always false here: log-mean-variance
        /// normalization is not implemented).</summary>
        public bool UseLog { get; }
    }
}
