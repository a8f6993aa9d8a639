using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RecoveryWorker.Connectors.Carriers.Sandbox;

/// <summary>
/// The parsed tracking file, re-read when its last write time or length changes. A malformed version is logged once
/// and the last good content kept, so a typo during a demo does not make every parcel vanish; a missing file means
/// no parcel is known.
/// </summary>
internal sealed class SandboxTrackingFile
{
    private static readonly IReadOnlyDictionary<string, SandboxParcel> NoParcels = new Dictionary<string, SandboxParcel>();

    private readonly ILogger<SandboxTrackingFile> _logger;
    private readonly Lock _gate = new();
    private IReadOnlyDictionary<string, SandboxParcel> _parcels = NoParcels;
    private FileStamp? _loaded;
    private FileStamp? _unreadable;
    private bool _missingLogged;

    public SandboxTrackingFile(IOptions<SandboxOptions> options, ILogger<SandboxTrackingFile> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        // Resolved once: the current directory is where `dotnet run` or the container starts, and a later change of
        // it must not make the sandbox read another file.
        Path = System.IO.Path.GetFullPath(options.Value.TrackingFile, Directory.GetCurrentDirectory());
    }

    /// <summary>The absolute path of the tracking file.</summary>
    public string Path { get; }

    /// <summary>The parcels by tracking number (case-insensitive), as of the file's latest good version.</summary>
    public IReadOnlyDictionary<string, SandboxParcel> GetParcels()
    {
        // One stat per call, serialized: the sandbox is for demos and tests, where simple beats fast.
        lock (_gate)
        {
            RefreshIfChanged();
            return _parcels;
        }
    }

    private void RefreshIfChanged()
    {
        var file = new FileInfo(Path);
        if (!file.Exists)
        {
            _parcels = NoParcels;
            _loaded = null;
            if (!_missingLogged)
            {
                _logger.TrackingFileMissing(Path);
                _missingLogged = true;
            }

            return;
        }

        _missingLogged = false;
        // Taken before reading: if the file changes while it is read, the next call sees a new stamp and reads again.
        var stamp = new FileStamp(file.LastWriteTimeUtc, file.Length);
        if (stamp == _loaded)
        {
            return;
        }

        byte[] content;
        try
        {
            // Share everything so an editor saving the file is never blocked by the worker.
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            content = buffer.ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not remembered as loaded: a lock or permission problem may clear without the file changing.
            if (stamp != _unreadable)
            {
                _logger.TrackingFileUnreadable(Path, ex.Message);
                _unreadable = stamp;
            }

            return;
        }

        // Remembered even when malformed, so a bad version is reported once rather than on every call.
        _loaded = stamp;
        _unreadable = null;
        if (!SandboxTrackingParser.TryParse(content, out var parcels, out var reason))
        {
            _logger.TrackingFileMalformed(Path, reason);
            return;
        }

        _parcels = parcels;
        _logger.TrackingFileLoaded(Path, parcels.Count);
    }

    private readonly record struct FileStamp(DateTime LastWriteUtc, long Length);
}
