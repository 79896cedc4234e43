using System.Text.Json;
using MlNetCnn.Engine;
using MlNetCnn.Keras.Layers;

namespace MlNetCnn.Keras.Serialization;

/// <summary>
/// The JSON form of a Sequential model: the architecture (Keras-like <c>class_name</c> / <c>config</c> objects), the
/// compile configuration and the list of weights. Reading instantiates only the known layer kinds and checks every
/// value's type and range.
/// </summary>
internal static class ModelJson
{
    /// <summary>Upper bound for any size in a layer config (filters, units, kernel sides, strides, input dims).</summary>
    internal const int MaxDimension = 1 << 24;

    internal const int MaxLayers = 10_000;

    public static void WriteArchitecture(Utf8JsonWriter w, Sequential model)
    {
        w.WriteString("class_name", "Sequential");
        w.WriteStartObject("config");
        w.WriteString("name", model.Name);
        if (model.Seed is int seed) w.WriteNumber("seed", seed); else w.WriteNull("seed");
        w.WriteString("input_name", model.InputName);
        if (model.InputShape is { } shape)
        {
            w.WriteStartArray("input_shape");
            foreach (int d in shape) w.WriteNumberValue(d);
            w.WriteEndArray();
        }
        else
        {
            w.WriteNull("input_shape");
        }
        w.WriteStartArray("layers");
        foreach (var layer in model.Layers)
        {
            w.WriteStartObject();
            w.WriteString("class_name", layer.ClassName);
            w.WriteStartObject("config");
            w.WriteString("name", layer.Name);
            layer.WriteConfig(w);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes "compile_config" when the model is compiled with a built-in optimizer (custom ones cannot be restored).</summary>
    public static void WriteCompileConfig(Utf8JsonWriter w, CompileSettings? compile)
    {
        if (compile is null || compile.Optimizer is not (Adam or Sgd or RmsProp)) return;
        w.WriteStartObject("compile_config");
        w.WriteStartObject("optimizer");
        w.WriteString("class_name", compile.Optimizer.Name);
        w.WriteStartObject("config");
        w.WriteNumber("learning_rate", compile.Optimizer.LearningRate);
        switch (compile.Optimizer)
        {
            case Adam adam:
                w.WriteNumber("beta_1", adam.Beta1);
                w.WriteNumber("beta_2", adam.Beta2);
                w.WriteNumber("epsilon", adam.Epsilon);
                break;
            case Sgd sgd:
                w.WriteNumber("momentum", sgd.Momentum);
                w.WriteBoolean("nesterov", sgd.Nesterov);
                break;
            case RmsProp rms:
                w.WriteNumber("rho", rms.Rho);
                w.WriteNumber("epsilon", rms.Epsilon);
                break;
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("loss");
        w.WriteString("class_name", compile.Loss.Name);
        w.WriteStartObject("config");
        w.WriteBoolean("from_logits", compile.Loss.FromLogits);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("metrics");
        foreach (string m in compile.Metrics) w.WriteStringValue(m);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes "weights": name, shape, byte offset in weights.bin and count of float32 values of each parameter.</summary>
    public static void WriteWeightList(Utf8JsonWriter w, IReadOnlyList<Parameter> parameters)
    {
        w.WriteStartArray("weights");
        long offset = 0;
        foreach (var p in parameters)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteStartArray("shape");
            foreach (int d in p.Shape) w.WriteNumberValue(d);
            w.WriteEndArray();
            w.WriteNumber("byte_offset", offset);
            w.WriteNumber("count", p.Length);
            w.WriteEndObject();
            offset += 4L * p.Length;
        }
        w.WriteEndArray();
    }

    /// <summary>Creates the model described by the root object's "class_name" / "config" (not yet compiled).</summary>
    public static Sequential ReadArchitecture(JsonFields root)
    {
        string className = root.GetString("class_name");
        if (className != "Sequential") throw root.Error($"the model class is \"{className}\"; only \"Sequential\" is supported.");
        var config = root.GetObject("config");
        string name = config.GetString("name");
        if (string.IsNullOrWhiteSpace(name)) throw config.Error("the model name is empty.");
        int? seed = config.GetIntOrNull("seed");
        string? inputName = config.GetStringOrNull("input_name");
        int[]? inputShape = config.Has("input_shape") ? config.GetIntArray("input_shape", 1, 8, 1, MaxDimension) : null;
        var layersArray = config.GetArray("layers", MaxLayers);

        var layers = new List<Layer>();
        if (inputShape is not null) layers.Add(new InputLayer(inputShape, string.IsNullOrWhiteSpace(inputName) ? "input" : inputName));
        int index = 0;
        foreach (var item in layersArray.EnumerateArray())
        {
            var entry = JsonFields.Object(item, $"{config.Context}, layer {index}");
            layers.Add(ReadLayer(entry));
            index++;
        }

        try
        {
            return new Sequential(layers, name, seed);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException)
        {
            throw config.Error($"the architecture cannot be built: {e.Message}", e);
        }
    }

    /// <summary>Compiles the model as "compile_config" says, if present.</summary>
    public static void ReadCompileConfig(JsonFields root, Sequential model)
    {
        if (!root.Has("compile_config")) return;
        var compile = root.GetObject("compile_config");
        var opt = compile.GetObject("optimizer");
        string optName = opt.GetString("class_name");
        var oc = opt.GetObject("config");
        Optimizer optimizer;
        try
        {
            float lr = oc.GetFloat("learning_rate");
            optimizer = optName switch
            {
                "adam" => new Adam(lr, oc.GetFloat("beta_1"), oc.GetFloat("beta_2"), oc.GetFloat("epsilon")),
                "sgd" => new Sgd(lr, oc.GetFloat("momentum"), oc.GetBool("nesterov")),
                "rmsprop" => new RmsProp(lr, oc.GetFloat("rho"), oc.GetFloat("epsilon")),
                _ => throw opt.Error($"unknown optimizer \"{optName}\"; expected adam, sgd or rmsprop."),
            };
        }
        catch (ArgumentException e)
        {
            throw opt.Error(e.Message, e);
        }

        var lossObject = compile.GetObject("loss");
        string lossName = lossObject.GetString("class_name");
        bool fromLogits = lossObject.GetObject("config").GetBool("from_logits");
        LossFunction loss = lossName switch
        {
            "sparse_categorical_crossentropy" => new SparseCategoricalCrossentropy(fromLogits),
            "categorical_crossentropy" => new CategoricalCrossentropy(fromLogits),
            _ => throw lossObject.Error($"unknown loss \"{lossName}\"; expected sparse_categorical_crossentropy or categorical_crossentropy."),
        };

        var metricsArray = compile.GetArray("metrics", 16);
        var metrics = new List<string>();
        foreach (var m in metricsArray.EnumerateArray())
            metrics.Add(m.ValueKind == JsonValueKind.String ? m.GetString()! : throw compile.Error("\"metrics\" must hold strings."));
        try
        {
            model.Compile(optimizer, loss, metrics);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw compile.Error(e.Message, e);
        }
    }

    private static Layer ReadLayer(JsonFields entry)
    {
        string kind = entry.GetString("class_name");
        var c = entry.GetObject("config");
        string name = c.GetString("name");
        if (string.IsNullOrWhiteSpace(name)) throw c.Error("the layer name is empty.");
        try
        {
            return kind switch
            {
                "Conv2D" => new Conv2D(c.GetInt("filters", 1, MaxDimension), ReadSize(c, "kernel_size"), ReadSize(c, "strides"),
                    c.GetString("padding"), ReadActivation(c), c.GetBool("use_bias"), c.GetString("kernel_initializer"),
                    c.GetString("bias_initializer"), name: name),
                "Dense" => new Dense(c.GetInt("units", 1, MaxDimension), ReadActivation(c), c.GetBool("use_bias"),
                    c.GetString("kernel_initializer"), c.GetString("bias_initializer"), name: name),
                "MaxPooling2D" => new MaxPooling2D(ReadSize(c, "pool_size"), ReadSize(c, "strides"), c.GetString("padding"), name),
                "AveragePooling2D" => new AveragePooling2D(ReadSize(c, "pool_size"), ReadSize(c, "strides"), c.GetString("padding"), name),
                "Flatten" => new Flatten(name: name),
                "Dropout" => new Dropout(c.GetFloat("rate"), name),
                _ => throw entry.Error($"unknown layer kind \"{kind}\"; expected Conv2D, MaxPooling2D, AveragePooling2D, Flatten, Dense or Dropout."),
            };
        }
        catch (ArgumentException e)
        {
            throw entry.Error(e.Message, e);
        }
    }

    private static Size2D ReadSize(JsonFields c, string name)
    {
        var dims = c.GetIntArray(name, 2, 2, 1, MaxDimension);
        return new Size2D(dims[0], dims[1]);
    }

    private static Activation? ReadActivation(JsonFields c)
    {
        string? name = c.GetStringOrNull("activation");
        if (name is null) return null;
        var activation = Activation.FromName(name);
        return activation.IsKnown ? activation : throw c.Error($"unknown activation \"{name}\".");
    }
}
