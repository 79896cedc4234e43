namespace MlNetCnn.Vision;

/// <summary>
/// The rule both early-stopping criteria apply: an epoch improves when the metric beats the best so far by at least
/// minDelta (current - best when increasing, best - current when decreasing); it then becomes the best and the wait
/// count restarts, otherwise the count grows, and training stops once it reaches the patience. The best value starts
/// at 0 when increasing and at float.MaxValue when decreasing.
/// </summary>
internal struct ImprovementTracker
{
    private float _best;
    private int _wait;

    public void Reset(bool increasing)
    {
        _wait = 0;
        _best = increasing ? 0f : float.MaxValue;
    }

    /// <summary>Records one epoch's value; true when training should stop.</summary>
    public bool Record(float current, bool increasing, float minDelta, int patience)
    {
        float gain = increasing ? current - _best : _best - current;
        if (gain < minDelta)
        {
            _wait++;
            return _wait >= patience;
        }

        _wait = 0;
        _best = current;
        return false;
    }
}
