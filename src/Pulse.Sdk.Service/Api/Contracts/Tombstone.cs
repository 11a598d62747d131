namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>A deletion in an incremental list (<c>?uscn=</c>): <c>{"id","deleted":true,"uscn"}</c>.</summary>
internal sealed record Tombstone(Guid Id, long Uscn)
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "A JSON property of the answer: serialization reads instance properties.")]
    public bool Deleted => true;
}
