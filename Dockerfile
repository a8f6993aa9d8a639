# After dotnet-docker samples/complexapp. The build context excludes tests/ and local overlays (.dockerignore).
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /source
COPY --link global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY --link src/RecoveryWorker/*.csproj src/RecoveryWorker/
COPY --link src/Connectors/*.csproj src/Connectors/
RUN dotnet restore -a $TARGETARCH src/RecoveryWorker/RecoveryWorker.csproj
COPY --link src/ src/
COPY --link config/templates/ config/templates/
RUN dotnet publish src/RecoveryWorker -a $TARGETARCH --no-restore -c Release -o /app

# Runtime: aspnet, because the worker serves the API, the Hangfire dashboard and /health.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --link --from=build /app .
USER $APP_UID
ENTRYPOINT ["./RecoveryWorker"]
