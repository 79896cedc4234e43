using MlNetCnn.Runtime;

namespace MlNetCnn;

/// <summary>
/// The data of one <see cref="MLContext.Log"/> message.
/// </summary>
public class LoggingEventArgs : EventArgs
{
    /// <summary>Creates a message with no kind or source.</summary>
    /// <param name="message">The message.</param>
    public LoggingEventArgs(string message)
    {
        RawMessage = message;
        Message = message;
        Source = string.Empty;
    }

    /// <summary>Creates a message.</summary>
    /// <param name="message">The text of the message.</param>
    /// <param name="kind">The kind of message.</param>
    /// <param name="source">The component that sent it.</param>
    public LoggingEventArgs(string message, ChannelMessageKind kind, string source)
    {
        RawMessage = message;
        Kind = kind;
        Source = source;
        Message = $"[Source={source}, Kind={kind}] {message}";
    }

    /// <summary>The kind of message.</summary>
    public ChannelMessageKind Kind { get; }

    /// <summary>The name of the component that sent the message, for example a trainer.</summary>
    public string Source { get; }

    /// <summary>The formatted message: <c>[Source=…, Kind=…] text</c>.</summary>
    public string Message { get; set; }

    /// <summary>The text of the message without source and kind.</summary>
    public string RawMessage { get; }
}
