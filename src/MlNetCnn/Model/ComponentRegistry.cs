using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using MlNetCnn.Data;

namespace MlNetCnn;

/// <summary>
/// The table of component kinds a model file may contain: loader signature -> static load function.
/// </summary>
/// <remarks>
/// Loading is safe on untrusted files: the file only names a loader signature, which is looked up in this table; no
/// type named by the file is ever instantiated by reflection. Components of this assembly are registered in
/// <see cref="BuiltInComponents.RegisterAll"/>. Components of other product assemblies (for example
/// <c>MlNetCnn.Vision</c>) register from a module initializer; when a file needs a loader that is not registered yet
/// and names one of <see cref="ProductAssemblies"/> as its loader assembly, that assembly is loaded and its module
/// initializer run, then the lookup is retried. Any other assembly name is ignored.
/// </remarks>
internal static class ComponentRegistry
{
    /// <summary>Product assemblies that may be loaded to find a missing loader.</summary>
    public static readonly IReadOnlyList<string> ProductAssemblies = new[] { "MlNetCnn", "MlNetCnn.ImageAnalytics", "MlNetCnn.Vision" };

    private static readonly ConcurrentDictionary<string, LoadFunction> Loaders = new(StringComparer.Ordinal);

    static ComponentRegistry()
    {
        BuiltInComponents.RegisterAll();
    }

    /// <summary>Reads a component from its load context (the header has been read; the function should call
    /// <see cref="ModelLoadContext.CheckAtModel"/> first).</summary>
    public delegate object LoadFunction(ModelLoadContext ctx);

    /// <summary>Registers a loader. Registering the same function twice is a no-op; a different function under an
    /// existing signature is an error.</summary>
    public static void Register(string loaderSignature, LoadFunction load)
    {
        ArgumentException.ThrowIfNullOrEmpty(loaderSignature);
        ArgumentNullException.ThrowIfNull(load);
        var existing = Loaders.GetOrAdd(loaderSignature, load);
        if (existing != load && existing.Method != load.Method)
        {
            throw new InvalidOperationException($"A different loader is already registered for '{loaderSignature}'.");
        }
    }

    /// <summary>Whether a loader is registered for <paramref name="loaderSignature"/>.</summary>
    public static bool IsRegistered(string loaderSignature) => Loaders.ContainsKey(loaderSignature);

    /// <summary>Loads the component whose header <paramref name="ctx"/> has read.</summary>
    public static object Load(ModelLoadContext ctx)
    {
        if (!Loaders.TryGetValue(ctx.LoaderSignature, out var load))
        {
            TryInitializeProductAssembly(ctx.LoaderAssemblyName);
            if (!Loaders.TryGetValue(ctx.LoaderSignature, out load))
            {
                string from = string.IsNullOrEmpty(ctx.LoaderAssemblyName) ? string.Empty : $" (saved by assembly '{ctx.LoaderAssemblyName}')";
                throw new InvalidDataException(
                    $"Model entry '{ctx.Reader.EntryName}' needs component '{ctx.LoaderSignature}'{from}, which this program does not know. "
                    + "Reference the assembly that provides it, or check that the file is an MlNetCnn model.");
            }
        }

        return load(ctx);
    }

    /// <summary>Loads every deployed product assembly and runs its registrations (components, column types).</summary>
    public static void InitializeProductAssemblies()
    {
        foreach (string name in ProductAssemblies)
        {
            TryInitializeProductAssembly(name);
        }
    }

    private static void TryInitializeProductAssembly(string assemblyName)
    {
        if (!ProductAssemblies.Contains(assemblyName, StringComparer.Ordinal))
        {
            return;
        }

        try
        {
            var assembly = Assembly.Load(new AssemblyName(assemblyName));
            RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        }
        catch (IOException)
        {
            // Not deployed with this program: the caller reports the missing component.
        }
        catch (BadImageFormatException)
        {
        }
    }
}

/// <summary>The components of this assembly that can be loaded from a model file. Add one line per saveable
/// component kind.</summary>
internal static class BuiltInComponents
{
    public static void RegisterAll()
    {
        ComponentRegistry.Register(TransformerChain<ITransformer>.LoaderSignature, TransformerChainPersistence.Load);
    }
}
