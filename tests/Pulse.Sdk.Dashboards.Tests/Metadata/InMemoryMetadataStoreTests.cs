using Pulse.Sdk.Metadata;

namespace Pulse.Sdk.Dashboards.Tests.Metadata;

/// <summary>The metadata store contract against <see cref="InMemoryMetadataStore"/>.</summary>
public sealed class InMemoryMetadataStoreTests : MetadataStoreContract
{
    protected override IMetadataStore CreateStore() => new InMemoryMetadataStore();
}
