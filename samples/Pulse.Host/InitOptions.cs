namespace Pulse.Host;

/// <summary>Options of the <c>init</c> command (the Init job): create or upgrade the Pulse schema.</summary>
/// <param name="Postgres">The Npgsql connection string of the Pulse database.</param>
internal sealed record InitOptions(string Postgres);
