using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Ontraport.Mcp.Server.Tools.Prompts;

/// <summary>
/// Refuses prompts/get without a required argument with an InvalidParams error naming the argument, what it is and
/// the prompt, instead of the binder's generic failure.
/// </summary>
internal sealed class RequiredArgumentsPrompt(McpServerPrompt inner) : DelegatingMcpServerPrompt(inner)
{
    public override ValueTask<GetPromptResult> GetAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken = default)
    {
        var given = request.Params?.Arguments;
        var missing = (ProtocolPrompt.Arguments ?? [])
            .Where(a => a.Required == true && (given is null || !given.TryGetValue(a.Name, out var value) ||
                value.ValueKind == System.Text.Json.JsonValueKind.Null || (value.ValueKind == System.Text.Json.JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString()))))
            .ToList();
        if (missing.Count > 0)
        {
            throw new McpProtocolException(
                $"Prompt {ProtocolPrompt.Name} needs " + string.Join("; ", missing.Select(a => $"'{a.Name}' ({a.Description?.TrimEnd('.')})")) + ".",
                McpErrorCode.InvalidParams);
        }

        return base.GetAsync(request, cancellationToken);
    }
}
