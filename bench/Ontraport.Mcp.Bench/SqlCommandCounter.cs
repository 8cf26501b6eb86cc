using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Ontraport.Mcp.Bench;

/// <summary>
/// Counts EF Core's executed SQL commands in the process it runs in and answers the running total, as text, to each
/// connection on the Unix socket named by <see cref="SocketVariable"/>.
/// </summary>
public static class SqlCommandCounter
{
    public const string SocketVariable = "ONTRAPORT_BENCH_SQL_COUNTER_SOCKET";

    private static OAuthCost.DatabaseCommands? _commands;

    public static void Serve()
    {
        if (Environment.GetEnvironmentVariable(SocketVariable) is not { Length: > 0 } path)
        {
            return;
        }

        _commands = new OAuthCost.DatabaseCommands();
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(4);
        new Thread(() =>
        {
            while (true)
            {
                using var connection = listener.Accept();
                connection.Send(Encoding.ASCII.GetBytes(_commands.Count.ToString(CultureInfo.InvariantCulture)));
                connection.Shutdown(SocketShutdown.Both);
            }
        }) { IsBackground = true, Name = "bench SQL command counter" }.Start();
    }

    /// <summary>The count so far of the process serving <paramref name="path"/>.</summary>
    public static async Task<long> ReadAsync(string path)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return long.Parse(await reader.ReadToEndAsync(), CultureInfo.InvariantCulture);
    }
}
