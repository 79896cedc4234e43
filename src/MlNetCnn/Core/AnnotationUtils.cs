namespace MlNetCnn.Data;

/// <summary>Well-known annotation kinds and helpers (internal in ML.NET too).</summary>
internal static class AnnotationUtils
{
    /// <summary>The names of the standard annotation kinds.</summary>
    public static class Kinds
    {
        /// <summary>A text vector with one name per slot of a vector column.</summary>
        public const string SlotNames = "SlotNames";

        /// <summary>A vector holding, for a key column, the value of each key in key order.</summary>
        public const string KeyValues = "KeyValues";

        /// <summary>An id shared by the columns a scorer produced together.</summary>
        public const string ScoreColumnSetId = "ScoreColumnSetId";

        /// <summary>The kind of task a score column belongs to, for example <see cref="Const.ScoreColumnKind.MulticlassClassification"/>.</summary>
        public const string ScoreColumnKind = "ScoreColumnKind";

        /// <summary>What a score column holds: <c>Score</c>, <c>PredictedLabel</c> or <c>Probability</c>.</summary>
        public const string ScoreValueKind = "ScoreValueKind";

        /// <summary>A Boolean: true when the column was normalized.</summary>
        public const string IsNormalized = "IsNormalized";

        /// <summary>A Boolean: whether the column should be shown to users.</summary>
        public const string IsUserVisible = "IsUserVisible";

        /// <summary>The label values seen in training, attached to a score column.</summary>
        public const string TrainingLabelValues = "TrainingLabelValues";

        /// <summary>Ranges of slots that hold one-hot encoded categorical features.</summary>
        public const string CategoricalSlotRanges = "CategoricalSlotRanges";
    }

    /// <summary>Standard values of some annotation kinds.</summary>
    public static class Const
    {
        /// <summary>Values of <see cref="Kinds.ScoreColumnKind"/>.</summary>
        public static class ScoreColumnKind
        {
            /// <summary>Binary classification.</summary>
            public const string BinaryClassification = "BinaryClassification";

            /// <summary>Multiclass classification.</summary>
            public const string MulticlassClassification = "MulticlassClassification";

            /// <summary>Regression.</summary>
            public const string Regression = "Regression";

            /// <summary>Clustering.</summary>
            public const string Clustering = "Clustering";
        }

        /// <summary>Values of <see cref="Kinds.ScoreValueKind"/>.</summary>
        public static class ScoreValueKind
        {
            /// <summary>The raw scores.</summary>
            public const string Score = "Score";

            /// <summary>The predicted label.</summary>
            public const string PredictedLabel = "PredictedLabel";

            /// <summary>Calibrated probabilities.</summary>
            public const string Probability = "Probability";
        }
    }

    /// <summary>Returns the <c>KeyValues</c> annotation column of a key (or key-vector) column, if present.</summary>
    public static DataViewSchema.Column? GetKeyValuesColumn(DataViewSchema.Column column)
    {
        var kv = column.Annotations.Schema.GetColumnOrNull(Kinds.KeyValues);
        if (kv == null || column.Type.GetItemType() is not KeyDataViewType key)
        {
            return null;
        }

        return kv.Value.Type is VectorDataViewType v && (ulong)v.Size == key.Count ? kv : null;
    }
}

/// <summary>Small helpers on <see cref="DataViewType"/>.</summary>
internal static class DataViewTypeExtensions
{
    /// <summary>The item type of a vector type, or the type itself.</summary>
    public static DataViewType GetItemType(this DataViewType type) => type is VectorDataViewType v ? v.ItemType : type;

    /// <summary>The number of slots: the vector size, 1 for a scalar.</summary>
    public static int GetValueCount(this DataViewType type) => type is VectorDataViewType v ? v.Size : 1;

    /// <summary>The key count of a key or key-vector type, 0 otherwise.</summary>
    public static ulong GetKeyCount(this DataViewType type) => type.GetItemType() is KeyDataViewType k ? k.Count : 0;
}
