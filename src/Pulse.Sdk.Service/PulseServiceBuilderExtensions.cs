using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Diagnostics;
using Pulse.Sdk.Hosting;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Service;
using Pulse.Sdk.Service.Api;
using Pulse.Sdk.Service.Authorization;
using Pulse.Sdk.Service.Diagnostics;
using Pulse.Sdk.Service.Live;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Pulse service (REST API, live push, health, OpenAPI) to a <see cref="PulseBuilder"/>; map it with <c>app.MapPulseApi()</c>.</summary>
public static class PulseServiceBuilderExtensions
{
    /// <summary>The authorization policy of the API: an authenticated user whose token carries <c>sub</c> and <c>tenant</c>.</summary>
    public const string PolicyName = "Pulse";

    /// <summary>The name of Pulse's OpenAPI document (<c>/openapi/pulse.json</c>), not the default <c>v1</c>, which stays the application's.</summary>
    public const string OpenApiDocumentName = "pulse";

    /// <summary>
    /// Registers the service: <see cref="PulseServiceOptions"/> (validated when the host starts), the <see cref="LiveHub"/>,
    /// the authorization policy <see cref="PolicyName"/> and the API's 401/403 bodies (decorating the application's
    /// <see cref="IAuthorizationMiddlewareResultHandler"/> registered before this call, or ASP.NET Core's default: other endpoints keep
    /// its answers), the OpenAPI document <see cref="OpenApiDocumentName"/>, a last-resort
    /// exception handler in front of the application's pipeline (500 with a logged correlation id, docs/api.md), and — unless
    /// registered before — an <see cref="InMemoryMetadataStore"/> as <see cref="IMetadataStore"/>, an
    /// <see cref="Pulse.Sdk.Permissions.InMemoryKioskSessionStore"/> (with <see cref="KioskSessionOptions"/>, docs/api.md "Kiosk sessions"), and an
    /// <see cref="InProcessStatisticValueSource"/> as <see cref="IStatisticValueSource"/> (fed by the DCU's flushes). The host
    /// registers an <see cref="Pulse.Sdk.Permissions.IPermissionEvaluator"/> and an authentication scheme.
    /// </summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="configure">Sets <see cref="PulseServiceOptions"/>; may be null.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddPulseService(this PulseBuilder builder, Action<PulseServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddValidatedOptions(configure, static (PulseServiceOptions o) => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMetadataStore, InMemoryMetadataStore>();
        // Kiosk sessions (docs/api.md): where the metadata is kept; AddPostgresMetadata registers the shared one.
        services.TryAddSingleton<Pulse.Sdk.Permissions.IKioskSessionStore, Pulse.Sdk.Permissions.InMemoryKioskSessionStore>();
        services.AddValidatedOptions(null, static (KioskSessionOptions o) => o.Validate());
        services.TryAddSingleton<IStatisticValueSource, InProcessStatisticValueSource>();
        // The engine feeds the value source when it is the in-process one (whichever is registered when the DCU is built).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStatisticSink, ValueSourceFeed>());
        // The service's instruments, on a meter of the host's IMeterFactory (AddMetrics: a bare ServiceCollection has none).
        services.AddMetrics();
        services.TryAddSingleton<ServiceMetrics>();
        services.TryAddSingleton(static sp => new LiveHub(sp.GetRequiredService<IStatisticValueSource>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<PulseServiceOptions>>(), sp.GetRequiredService<ServiceMetrics>()));
        services.AddHealthChecks();
        services.TryAddPulseHealthCheck("pulse-live", static sp => sp.GetRequiredService<LiveHub>());
        services.TryAddSingleton<CapGate>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Hosting.IStartupFilter, UnhandledExceptionMiddleware.StartupFilter>());
        services.AddAuthorizationBuilder().AddPolicy(PolicyName, p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => PulseCaller.ClaimsOf(c.User) is { Tenant: not null, User: not null }));
        PulseAuthorizationResultHandler.Decorate(services);
        services.Configure<Microsoft.AspNetCore.Routing.RouteOptions>(static o =>
        {
            if (!o.ConstraintMap.ContainsKey(PulseOpenApiDocumentConstraint.Name)) o.SetParameterPolicy<PulseOpenApiDocumentConstraint>(PulseOpenApiDocumentConstraint.Name);
        });
        services.AddOpenApi(OpenApiDocumentName, o =>
        {
            // Pulse's endpoints carry the group name: Pulse's document holds only them, an application's default document none of them.
            o.ShouldInclude = static d => d.GroupName == OpenApiDocumentName;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Pulse service API";
                document.Info.Description = "Templates, layouts, widgets, tabs, users; uscn reads; live push at /api/live (WebSocket) and /api/live/sse. See docs/api.md.";
                return Task.CompletedTask;
            }).AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<JsonRequestBody>().FirstOrDefault() is not { } body) return;
                operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken).ConfigureAwait(false) },
                    },
                };
            });
        });
        return builder;
    }

    /// <summary>Forwards the engine's flushes to the registered value source when it is a sink (the in-process one).</summary>
    private sealed class ValueSourceFeed(IStatisticValueSource source) : IStatisticSink
    {
        private readonly IStatisticSink? _sink = source as IStatisticSink;

        public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates) => _sink?.OnUpdates(updates);

        public void OnClosed(OpenedStatistic statistic, DateTimeOffset time) => _sink?.OnClosed(statistic, time);

        public bool ForceFlush(TimeSpan timeout) => _sink?.ForceFlush(timeout) ?? true;

        public bool Shutdown(TimeSpan timeout) => _sink?.Shutdown(timeout) ?? true;
    }
}
