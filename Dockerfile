# syntax=docker/dockerfile:1.7
# Ontraport MCP server: multi-stage build, small non-root runtime, HEALTHCHECK on /health.

# The SDK stage runs on the build machine's own platform and cross-compiles: ReadyToRun code for the target is made by
# crossgen, so an arm64 image built on amd64 needs no emulation.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Set by BuildKit from --platform (amd64 or arm64); it picks the runtime identifier of the ReadyToRun code.
ARG TARGETARCH
WORKDIR /src
RUN case "$TARGETARCH" in \
      amd64) echo linux-x64 ;; \
      arm64) echo linux-arm64 ;; \
      *) echo "unsupported TARGETARCH '$TARGETARCH' (expected amd64 or arm64; build with BuildKit)" >&2; exit 1 ;; \
    esac > /rid
# Restore first, from the project files only, so the layer is reused until a dependency changes. The restore is for the
# target's runtime identifier and with ReadyToRun on, so it brings the runtime and crossgen packs the publish needs.
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY src/Ontraport.Client/Ontraport.Client.csproj src/Ontraport.Client/
COPY src/Ontraport.Sandbox/Ontraport.Sandbox.csproj src/Ontraport.Sandbox/
COPY src/Ontraport.Mcp.Server/Ontraport.Mcp.Server.csproj src/Ontraport.Mcp.Server/
RUN dotnet restore src/Ontraport.Mcp.Server/Ontraport.Mcp.Server.csproj -r "$(cat /rid)" -p:PublishReadyToRun=true
COPY src/ src/
# ReadyToRun: precompiled code, so the first requests after a start do not wait on the JIT (docs/benchmarks.md, cold start).
RUN dotnet publish src/Ontraport.Mcp.Server/Ontraport.Mcp.Server.csproj -c Release --no-restore -r "$(cat /rid)" \
      --self-contained false -p:PublishReadyToRun=true -p:UseAppHost=false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Writable places for the audit log and oauth mode's state (SQLite file or key ring; compose mounts volumes here);
# everything else can be read-only. A new named volume takes these folders' owner.
RUN mkdir -p /var/log/ontraport-mcp /var/lib/ontraport-mcp && chown "$APP_UID" /var/log/ontraport-mcp /var/lib/ontraport-mcp
# The image's built-in unprivileged user (uid 1654); nothing runs as root.
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_EnableDiagnostics=0 \
    ONTRAPORT_MCP_LOG_FORMAT=json
EXPOSE 8080
# No curl in the runtime image: ask /health/ready over bash's /dev/tcp. 200 means the process serves at full speed: it
# answers 503 only for the second or two of the start-up warm-up (ONTRAPORT_MCP_WARMUP); /health is liveness alone.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "Ontraport.Mcp.Server.dll"]
