namespace MlNetCnn.Data;

/// <summary>
/// When a step of a <see cref="TransformerChain{TLastTransformer}"/> applies. Steps that only touch the label can be
/// tagged <see cref="TrainTest"/> so that scoring skips them.
/// </summary>
[Flags]
public enum TransformerScope
{
    /// <summary>Never.</summary>
    None = 0,

    /// <summary>When training.</summary>
    Training = 1 << 0,

    /// <summary>When testing (evaluating).</summary>
    Testing = 1 << 1,

    /// <summary>When scoring (predicting).</summary>
    Scoring = 1 << 2,

    /// <summary>When training or testing.</summary>
    TrainTest = Training | Testing,

    /// <summary>Always.</summary>
    Everything = Training | Testing | Scoring,
}
