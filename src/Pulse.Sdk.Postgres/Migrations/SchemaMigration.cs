namespace Pulse.Sdk.Postgres.Migrations;

/// <summary>One step of the schema: applied once, in order, in its own transaction.</summary>
/// <param name="Version">The schema version the step leads to (1, 2, 3 ...).</param>
/// <param name="Description">What the step does, for people (stored in <c>pulse_schema_version</c>).</param>
/// <param name="Sql">The statements of the step.</param>
public sealed record SchemaMigration(int Version, string Description, string Sql);

/// <summary>What <see cref="PulseSchemaMigrator.MigrateAsync(System.Threading.CancellationToken)"/> did.</summary>
/// <param name="FromVersion">The schema version found (0 for an empty database).</param>
/// <param name="ToVersion">The schema version now.</param>
/// <param name="Applied">The versions applied by this call, in order; empty when the schema was already there.</param>
public sealed record MigrationResult(int FromVersion, int ToVersion, IReadOnlyList<int> Applied);
