namespace MlNetCnn.Kernels;

/// <summary>
/// Every numeric kernel the engine runs. All tensors are float32, row-major, NHWC. Two implementations exist:
/// <c>ReferenceKernels</c> (plain loops; the specification) and <c>FastKernels</c> (SIMD, multi-core),
/// which tests hold to the reference.
/// </summary>
/// <remarks>
/// Conventions shared by every member:
/// <list type="bullet">
/// <item>Backward kernels overwrite their gradient outputs (they never accumulate), unless stated otherwise.</item>
/// <item>Kernels never allocate managed memory on the hot path; scratch space comes from the caller through a
/// <c>workspace</c> span sized by the matching <c>...WorkspaceSize</c> member.</item>
/// <item>Results are deterministic for a given implementation and thread count.</item>
/// <item>Spans may be longer than needed; only the leading elements the geometry implies are read or written.</item>
/// </list>
/// </remarks>
public interface IKernels
{
    /// <summary>A short name for reports ("reference", "fast").</summary>
    string Name { get; }

    /// <summary>
    /// General matrix multiply, row-major: C = alpha * op(A) * op(B) + beta * C, with op(A) of shape (m, k) and
    /// op(B) of shape (k, n). op(X) is X or its transpose. lda/ldb/ldc are row strides of the stored matrices.
    /// </summary>
    /// <remarks>When <paramref name="beta"/> is 0, C is overwritten and its old contents (even NaN) are ignored.</remarks>
    void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc);

    /// <summary>Scratch floats <see cref="Conv2DForward"/> and the conv backward kernels need for this geometry.</summary>
    long Conv2DWorkspaceSize(in Conv2DGeometry g);

    /// <summary>Convolution forward (see <see cref="Conv2DGeometry"/> for the formula); <paramref name="bias"/> empty means no bias.</summary>
    void Conv2DForward(in Conv2DGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> kernel,
        ReadOnlySpan<float> bias, Span<float> output, Span<float> workspace);

    /// <summary>dInput = the transposed convolution of dOutput with the kernel (overwrites dInput).</summary>
    void Conv2DBackwardData(in Conv2DGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<float> kernel,
        Span<float> inputGrad, Span<float> workspace);

    /// <summary>
    /// dKernel[ky,kx,c,f] = sum over n, oy, ox of input[n, oy*S+ky-P, ox*S+kx-P, c] * dOutput[n, oy, ox, f];
    /// dBias[f] = sum of dOutput over n, oy, ox. Both overwritten; an empty <paramref name="biasGrad"/> skips the bias.
    /// </summary>
    void Conv2DBackwardFilter(in Conv2DGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGrad,
        Span<float> kernelGrad, Span<float> biasGrad, Span<float> workspace);

    /// <summary>
    /// Max pooling. <paramref name="argmax"/> receives, for every output element, the flat NHWC index into the input
    /// of the element chosen: the first maximum in row-major window order (ties go to the earliest cell).
    /// NaN inputs propagate: a window containing NaN yields NaN.
    /// </summary>
    void MaxPoolForward(in PoolGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<int> argmax);

    /// <summary>dInput = 0, then dInput[argmax[i]] += dOutput[i] for every output element.</summary>
    void MaxPoolBackward(in PoolGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<int> argmax, Span<float> inputGrad);

    /// <summary>Average pooling; the divisor is the number of in-bounds cells of each window.</summary>
    void AvgPoolForward(in PoolGeometry g, ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Each output gradient is spread evenly over the in-bounds cells of its window (overwrites dInput).</summary>
    void AvgPoolBackward(in PoolGeometry g, ReadOnlySpan<float> outputGrad, Span<float> inputGrad);

    /// <summary>In place: x[r, c] += bias[c] for a (rows, cols) matrix.</summary>
    void BiasAdd(int rows, int cols, ReadOnlySpan<float> bias, Span<float> x);

    /// <summary>biasGrad[c] = sum over r of dy[r, c] (overwrites).</summary>
    void BiasGrad(int rows, int cols, ReadOnlySpan<float> dy, Span<float> biasGrad);

    /// <summary>y = f(x) element-wise over the first <paramref name="length"/> elements; y may be x.</summary>
    void Activation(ActivationKind kind, int length, ReadOnlySpan<float> x, Span<float> y);

    /// <summary>dx = f'(x) * dy, with f' written in terms of the output y (see <see cref="ActivationKind"/>); dx may be dy.</summary>
    void ActivationBackward(ActivationKind kind, int length, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx);

    /// <summary>Row-wise softmax of a (rows, cols) matrix: y = exp(x - max) / sum(exp(x - max)); y may be x.</summary>
    void Softmax(int rows, int cols, ReadOnlySpan<float> x, Span<float> y);

    /// <summary>Row-wise softmax backward: dx = y * (dy - sum(dy * y)); dx may be dy.</summary>
    void SoftmaxBackward(int rows, int cols, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx);

    /// <summary>
    /// Fused softmax + cross-entropy on logits with integer class labels. Writes the probabilities, and, when
    /// <paramref name="logitsGrad"/> is not empty, logitsGrad = (p - onehot(label)) * gradScale.
    /// Returns the summed (not averaged) loss over rows, each row's loss being logsumexp(x) - x[label],
    /// computed stably (finite for logits of magnitude 1e4 and more).
    /// </summary>
    double SoftmaxCrossEntropySparse(int rows, int cols, ReadOnlySpan<float> logits, ReadOnlySpan<int> labels,
        Span<float> probabilities, Span<float> logitsGrad, float gradScale);

    /// <summary>
    /// As <see cref="SoftmaxCrossEntropySparse"/> with target distributions (one-hot or soft) of shape (rows, cols):
    /// loss = -sum t * log_softmax(x); grad = (p * sum(t) - t) * gradScale.
    /// </summary>
    double SoftmaxCrossEntropyDense(int rows, int cols, ReadOnlySpan<float> logits, ReadOnlySpan<float> targets,
        Span<float> probabilities, Span<float> logitsGrad, float gradScale);

    /// <summary>
    /// Cross-entropy on probabilities (not logits) with integer labels, as Keras computes it:
    /// loss = -log(clamp(p[label], epsilon, 1 - epsilon)). When <paramref name="probabilitiesGrad"/> is not empty it
    /// receives d loss / d p * gradScale (zero where the clamp is active). Returns the summed loss.
    /// </summary>
    double CrossEntropySparse(int rows, int cols, ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels,
        Span<float> probabilitiesGrad, float gradScale, float epsilon);

    /// <summary>Cross-entropy on probabilities with target distributions: loss = -sum t * log(clamp(p, eps, 1 - eps)).</summary>
    double CrossEntropyDense(int rows, int cols, ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets,
        Span<float> probabilitiesGrad, float gradScale, float epsilon);

    /// <summary>Number of rows whose first arg-max equals the label.</summary>
    int CountCorrectSparse(int rows, int cols, ReadOnlySpan<float> scores, ReadOnlySpan<int> labels);

    /// <summary>Number of rows whose first arg-max equals the first arg-max of the target row.</summary>
    int CountCorrectDense(int rows, int cols, ReadOnlySpan<float> scores, ReadOnlySpan<float> targets);

    /// <summary>y = a * b element-wise over <paramref name="length"/> elements; y may alias either input.</summary>
    void Multiply(int length, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y);

    /// <summary>y += x element-wise over <paramref name="length"/> elements.</summary>
    void AddInPlace(int length, ReadOnlySpan<float> x, Span<float> y);

    /// <summary>
    /// Adam step as Keras/TensorFlow apply it, element-wise: m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2;
    /// w -= lrT * m / (sqrt(v) + epsilon), where the caller passes lrT = lr * sqrt(1 - b2^t) / (1 - b1^t).
    /// </summary>
    void AdamUpdate(int length, Span<float> weights, ReadOnlySpan<float> grads, Span<float> m, Span<float> v,
        float lrT, float beta1, float beta2, float epsilon);

    /// <summary>
    /// SGD as Keras applies it: without momentum w -= lr*g; with momentum: vel = momentum*vel - lr*g, then
    /// w += vel, or for Nesterov w += momentum*vel - lr*g.
    /// </summary>
    void SgdUpdate(int length, Span<float> weights, ReadOnlySpan<float> grads, Span<float> velocity,
        float learningRate, float momentum, bool nesterov);

    /// <summary>RMSprop as Keras applies it: ms = rho*ms + (1-rho)*g^2; w -= lr * g / sqrt(ms + epsilon) (epsilon inside the root, as tf.keras and Keras 3 do).</summary>
    void RmsPropUpdate(int length, Span<float> weights, ReadOnlySpan<float> grads, Span<float> meanSquare,
        float learningRate, float rho, float epsilon);
}
