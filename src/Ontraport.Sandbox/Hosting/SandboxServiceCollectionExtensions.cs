using Microsoft.Extensions.DependencyInjection;

namespace Ontraport.Sandbox;

/// <summary>Registers the emulator in DI.</summary>
public static class SandboxServiceCollectionExtensions
{
    /// <summary>Registers one <see cref="OntraportSandbox"/> as a singleton, configured by <paramref name="configure"/>.</summary>
    public static IServiceCollection AddOntraportSandbox(this IServiceCollection services, Action<SandboxOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new SandboxOptions();
        configure?.Invoke(options);
        services.AddSingleton(_ => new OntraportSandbox(options));
        return services;
    }
}
