namespace Pulse.Sdk.Feed;

/// <summary>Options of an <see cref="Lds"/>: its one upstream connection and the server its receivers connect to.</summary>
public sealed record LdsOptions
{
    /// <summary>The LDS's name in metrics (label <c>lds</c>): <c>lds</c> or <c>lds-vq</c>. Default <c>lds</c>.</summary>
    public string Name { get; init; } = "lds";

    /// <summary>The upstream (sender): for the LDS the Voice SIP Service, for LDS-VQ the Voice SIP VQ Service.</summary>
    public required FeedClientOptions Upstream { get; init; }

    /// <summary>The feed server the receivers connect to; its <see cref="FeedServerOptions.Name"/> defaults to <see cref="Name"/>.</summary>
    public FeedServerOptions Server { get; init; } = new();

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("LdsOptions.Name must not be empty: set 'lds' or 'lds-vq'.");
        if (Upstream is null) throw new ArgumentException("LdsOptions.Upstream must be set: the sender's host and port.");
        if (Server is null) throw new ArgumentException("LdsOptions.Server must not be null: use new FeedServerOptions().");
        Upstream.Validate();
        Server.Validate();
    }
}
