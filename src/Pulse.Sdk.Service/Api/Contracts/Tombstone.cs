namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>A deletion in an incremental list (<c>?uscn=</c>): <c>{"id","deleted":true,"uscn"}</c>.</summary>
internal sealed record Tombstone(Guid Id, long Uscn)
{
    public bool Deleted => true;
}
