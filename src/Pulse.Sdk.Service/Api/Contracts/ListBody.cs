namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>Every list answer: <c>{"uscn": N, "items": [...]}</c>; with <c>?uscn=M</c> the items include <see cref="Tombstone"/>s.</summary>
internal sealed record ListBody(long Uscn, IReadOnlyList<object> Items);
