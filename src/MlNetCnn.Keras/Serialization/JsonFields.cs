using System.Text.Json;

namespace MlNetCnn.Keras.Serialization;

/// <summary>
/// Typed reads of a JSON object's members for model loading: every problem becomes an
/// <see cref="InvalidDataException"/> whose message starts with the context (file, entry, layer).
/// </summary>
internal readonly struct JsonFields(JsonElement element, string context)
{
    public JsonElement Element => element;

    public string Context => context;

    public static JsonFields Object(JsonElement element, string context)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{context}: expected a JSON object, found {element.ValueKind}.");
        return new JsonFields(element, context);
    }

    public InvalidDataException Error(string message, Exception? inner = null) => new($"{context}: {message}", inner);

    public bool Has(string name) => element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public JsonElement Get(string name) =>
        element.TryGetProperty(name, out var v) ? v : throw Error($"the member \"{name}\" is missing.");

    public JsonFields GetObject(string name) => Object(Get(name), $"{context}, \"{name}\"");

    public string GetString(string name)
    {
        var v = Get(name);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Error($"\"{name}\" must be a string, found {v.ValueKind}.");
    }

    public string? GetStringOrNull(string name)
    {
        if (!element.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw Error($"\"{name}\" must be a string or null, found {v.ValueKind}.");
    }

    public bool GetBool(string name)
    {
        var v = Get(name);
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"\"{name}\" must be true or false, found {v.ValueKind}."),
        };
    }

    public int GetInt(string name, int min = int.MinValue, int max = int.MaxValue) => ToInt(Get(name), $"\"{name}\"", min, max);

    public int? GetIntOrNull(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!element.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return ToInt(v, $"\"{name}\"", min, max);
    }

    public long GetLong(string name, long min, long max)
    {
        var v = Get(name);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long value))
            throw Error($"\"{name}\" must be an integer, found {Describe(v)}.");
        if (value < min || value > max) throw Error($"\"{name}\" is {value}; expected {min} to {max}.");
        return value;
    }

    public double GetDouble(string name)
    {
        var v = Get(name);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double value) || !double.IsFinite(value))
            throw Error($"\"{name}\" must be a finite number, found {Describe(v)}.");
        return value;
    }

    public float GetFloat(string name)
    {
        double value = GetDouble(name);
        if (Math.Abs(value) > float.MaxValue) throw Error($"\"{name}\" is {value}, outside the float range.");
        return (float)value;
    }

    /// <summary>An array of ints, at most <paramref name="maxLength"/> long, each in [min, max].</summary>
    public int[] GetIntArray(string name, int minLength, int maxLength, int min, int max)
    {
        var v = Get(name);
        if (v.ValueKind != JsonValueKind.Array) throw Error($"\"{name}\" must be an array of integers, found {v.ValueKind}.");
        int length = v.GetArrayLength();
        if (length < minLength || length > maxLength)
            throw Error($"\"{name}\" has {length} elements; expected {(minLength == maxLength ? minLength.ToString() : $"{minLength} to {maxLength}")}.");
        var result = new int[length];
        int i = 0;
        foreach (var item in v.EnumerateArray()) result[i] = ToInt(item, $"\"{name}\"[{i++}]", min, max);
        return result;
    }

    public JsonElement GetArray(string name, int maxLength)
    {
        var v = Get(name);
        if (v.ValueKind != JsonValueKind.Array) throw Error($"\"{name}\" must be an array, found {v.ValueKind}.");
        if (v.GetArrayLength() > maxLength) throw Error($"\"{name}\" has {v.GetArrayLength()} elements; at most {maxLength} are allowed.");
        return v;
    }

    private int ToInt(JsonElement v, string what, int min, int max)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int value))
            throw Error($"{what} must be a 32-bit integer, found {Describe(v)}.");
        if (value < min || value > max) throw Error($"{what} is {value}; expected {min} to {max}.");
        return value;
    }

    private static string Describe(JsonElement v) => v.ValueKind == JsonValueKind.Number ? v.GetRawText() : v.ValueKind.ToString();
}
