using System.Text.Json.Serialization;

namespace Ontraport.Mcp.Server.Tools.Commerce;

/// <summary>One line of the <c>products</c> argument (DESIGN §4.1): <c>{product_id, quantity, price}</c>, defined in the server instructions (<see cref="Parameters.ToolParameters"/>).</summary>
public sealed record ProductLine(
    [property: JsonPropertyName("product_id")] long ProductId,
    [property: JsonPropertyName("quantity")] decimal? Quantity = null,
    [property: JsonPropertyName("price")] decimal? Price = null);
