using Pulse.Sdk.Metadata;
using Pulse.Sdk.Postgres.Metadata;
using Pulse.Sdk.Postgres.Tests.Support;
using Pulse.Sdk.Tests.Metadata;

namespace Pulse.Sdk.Postgres.Tests.Metadata;

/// <summary>The metadata store contract against a real, migrated PostgreSQL.</summary>
public sealed class PulseMetadataStoreTests(MigratedDatabase database) : MetadataStoreContract, IClassFixture<MigratedDatabase>
{
    protected override IMetadataStore CreateStore() => new PulseMetadataStore(database.DataSource);
}
