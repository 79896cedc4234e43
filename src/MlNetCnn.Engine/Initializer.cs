namespace MlNetCnn.Engine;

/// <summary>How a parameter's values start, with Keras's names and formulas.</summary>
public enum Initializer
{
    /// <summary>All zeros (Keras "zeros", the default for biases).</summary>
    Zeros,
    /// <summary>All ones.</summary>
    Ones,
    /// <summary>Uniform in [-limit, limit] with limit = sqrt(6 / (fanIn + fanOut)) (Keras "glorot_uniform", the default for kernels).</summary>
    GlorotUniform,
    /// <summary>Normal with stddev sqrt(2 / (fanIn + fanOut)), truncated at two standard deviations (Keras "glorot_normal").</summary>
    GlorotNormal,
    /// <summary>Uniform in [-limit, limit] with limit = sqrt(6 / fanIn) (Keras "he_uniform").</summary>
    HeUniform,
    /// <summary>Normal with stddev sqrt(2 / fanIn), truncated at two standard deviations (Keras "he_normal").</summary>
    HeNormal,
}

/// <summary>Fills parameter arrays according to an <see cref="Initializer"/>.</summary>
public static class Initializers
{
    /// <summary>Parses a Keras initializer name ("glorot_uniform", "zeros", ...).</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known names.</exception>
    public static Initializer Parse(string name) => name.ToLowerInvariant() switch
    {
        "zeros" or "zero" => Initializer.Zeros,
        "ones" or "one" => Initializer.Ones,
        "glorot_uniform" or "glorotuniform" => Initializer.GlorotUniform,
        "glorot_normal" or "glorotnormal" => Initializer.GlorotNormal,
        "he_uniform" or "heuniform" => Initializer.HeUniform,
        "he_normal" or "henormal" => Initializer.HeNormal,
        _ => throw new ArgumentException($"Unknown initializer '{name}'; expected zeros, ones, glorot_uniform, glorot_normal, he_uniform or he_normal.", nameof(name)),
    };

    /// <summary>Fills <paramref name="values"/> for a parameter with the given fans, drawing from <paramref name="random"/>.</summary>
    public static void Fill(Initializer initializer, Span<float> values, int fanIn, int fanOut, Random random)
    {
        switch (initializer)
        {
            case Initializer.Zeros: values.Clear(); break;
            case Initializer.Ones: values.Fill(1f); break;
            case Initializer.GlorotUniform: Uniform(values, Math.Sqrt(6.0 / (fanIn + fanOut)), random); break;
            case Initializer.HeUniform: Uniform(values, Math.Sqrt(6.0 / fanIn), random); break;
            case Initializer.GlorotNormal: TruncatedNormal(values, Math.Sqrt(2.0 / (fanIn + fanOut)), random); break;
            case Initializer.HeNormal: TruncatedNormal(values, Math.Sqrt(2.0 / fanIn), random); break;
            default: throw new ArgumentOutOfRangeException(nameof(initializer), initializer, "Unknown initializer.");
        }
    }

    private static void Uniform(Span<float> values, double limit, Random random)
    {
        for (int i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * limit);
    }

    private static void TruncatedNormal(Span<float> values, double stddev, Random random)
    {
        // Keras scales by 0.8796 so that the truncated distribution has the requested variance.
        double sigma = stddev / 0.87962566103423978;
        for (int i = 0; i < values.Length; i++)
        {
            double z;
            do
            {
                double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
                z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            } while (Math.Abs(z) > 2);
            values[i] = (float)(z * sigma);
        }
    }
}
