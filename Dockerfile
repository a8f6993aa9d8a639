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
# The embedded default (one replica, SQLite) keeps its file here; a volume, so it outlives the container. The app
# user must own it: the image's folders belong to root. With Storage__Provider=Postgres nothing is written here.
RUN mkdir /data && chown $APP_UID /data
VOLUME /data
ENV ConnectionStrings__RecoveryWorker="Data Source=/data/recoveryworker.db"
WORKDIR /app
COPY --link --from=build /app .
USER $APP_UID
EXPOSE 8080
# The runtime image has no curl: the worker asks itself (GET /health/live on $ASPNETCORE_HTTP_PORTS, 3 s timeout).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["/app/RecoveryWorker", "health"]
# docker stop sends SIGTERM: the worker drains within HostOptions__ShutdownTimeout (30 s); give it longer than that
# (`docker stop -t 40`, compose stop_grace_period, Kubernetes terminationGracePeriodSeconds) or it is killed mid-stop.
STOPSIGNAL SIGTERM
ENTRYPOINT ["./RecoveryWorker"]
