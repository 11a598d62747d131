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

    /// <summary>Every problem of these options, of <see cref="Upstream"/> and of <see cref="Server"/>, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) errors.Add("LdsOptions.Name must not be empty: set 'lds' or 'lds-vq'.");
        if (Upstream is null) errors.Add("LdsOptions.Upstream must be set: the sender's host and port.");
        else errors.AddRange(Upstream.Validate());
        if (Server is null) errors.Add("LdsOptions.Server must not be null: use new FeedServerOptions().");
        else errors.AddRange(Server.Validate());
        return errors;
    }
}
