# The Pulse.Host image: one image for every role, the role its first argument.
#
#   docker build -t pulse-host:dev .
#   docker run --rm pulse-host:dev --help
#   docker run --rm -p 8095:8095 pulse-host:dev auth        # the image sets Pulse__Bind=0.0.0.0
#
# deploy/ runs it on Kubernetes (docs/deploy.md). The build stage publishes samples/Pulse.Host framework-dependent
# (no apphost: the entry point is `dotnet Pulse.Host.dll`); the runtime stage is the official ASP.NET Core runtime image
# and runs as its non-root `app` user.

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Restore first, from the project files alone, so that a source change does not download the packages again.
# Every project Pulse.Host references, directly or not (tests/Pulse.Deploy.Tests checks this list against the csproj files).
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Directory.Build.props src/
COPY src/Pulse.Sdk/Pulse.Sdk.csproj src/Pulse.Sdk/
COPY src/Pulse.Sdk.Dashboards/Pulse.Sdk.Dashboards.csproj src/Pulse.Sdk.Dashboards/
COPY src/Pulse.Sdk.Authentication/Pulse.Sdk.Authentication.csproj src/Pulse.Sdk.Authentication/
COPY src/Pulse.Sdk.ConfigurationService/Pulse.Sdk.ConfigurationService.csproj src/Pulse.Sdk.ConfigurationService/
COPY src/Pulse.Sdk.ConfigurationService.Client/Pulse.Sdk.ConfigurationService.Client.csproj src/Pulse.Sdk.ConfigurationService.Client/
COPY src/Pulse.Sdk.Feed/Pulse.Sdk.Feed.csproj src/Pulse.Sdk.Feed/
COPY src/Pulse.Sdk.Formulas/Pulse.Sdk.Formulas.csproj src/Pulse.Sdk.Formulas/
COPY src/Pulse.Sdk.Hep/Pulse.Sdk.Hep.csproj src/Pulse.Sdk.Hep/
COPY src/Pulse.Sdk.Hosting/Pulse.Sdk.Hosting.csproj src/Pulse.Sdk.Hosting/
COPY src/Pulse.Sdk.Permissions/Pulse.Sdk.Permissions.csproj src/Pulse.Sdk.Permissions/
COPY src/Pulse.Sdk.Postgres/Pulse.Sdk.Postgres.csproj src/Pulse.Sdk.Postgres/
COPY src/Pulse.Sdk.Prometheus/Pulse.Sdk.Prometheus.csproj src/Pulse.Sdk.Prometheus/
COPY src/Pulse.Sdk.Redis/Pulse.Sdk.Redis.csproj src/Pulse.Sdk.Redis/
COPY src/Pulse.Sdk.Redis.Authentication/Pulse.Sdk.Redis.Authentication.csproj src/Pulse.Sdk.Redis.Authentication/
COPY src/Pulse.Sdk.Service/Pulse.Sdk.Service.csproj src/Pulse.Sdk.Service/
COPY src/Pulse.Sdk.Wallboard/Pulse.Sdk.Wallboard.csproj src/Pulse.Sdk.Wallboard/
COPY samples/Pulse.Host/Pulse.Host.csproj samples/Pulse.Host/
RUN dotnet restore samples/Pulse.Host/Pulse.Host.csproj
COPY src/ src/
COPY samples/Pulse.Host/ samples/Pulse.Host/
RUN dotnet publish samples/Pulse.Host/Pulse.Host.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /app ./
# Roles listen on 127.0.0.1 by default (docs/host.md); in a container that is unreachable, so every interface.
ENV Pulse__Bind=0.0.0.0 \
    DOTNET_NOLOGO=1
# The seed's ports (docs/host.md): pulse 8080 and metrics 8090, auth 8095, LDS 8100 and LDS-VQ 8101 (feed protocol),
# DCU and LDS metrics 9091, LDS-VQ metrics 9092, permissions metrics 9093; the demo upstream services 8000, 8001,
# 7120, 7122 (feed protocol) and their metrics 9100, 9101, 9120, 9122.
EXPOSE 8080 8090 8095 8888 8100 8101 9091 9092 9093 8000 8001 7120 7122 9100 9101 9120 9122
# No HEALTHCHECK: the runtime image has no curl or wget, and the host has no health subcommand. Every role answers
# GET /health and GET /health/detail on its HTTP port; Kubernetes probes them (deploy/), and so can an orchestrator.
# The official images' non-root user (uid 1654).
USER $APP_UID
ENTRYPOINT ["dotnet", "Pulse.Host.dll"]
CMD ["--help"]
