using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Ontraport.Mcp.Server.Tools.Commerce;

/// <summary>One line of the <c>products</c> argument (DESIGN §4.1): <c>{product_id, quantity, price}</c>.</summary>
public sealed record ProductLine(
    [property: JsonPropertyName("product_id"), Description("Product id (get_objects on products).")] long ProductId,
    [property: JsonPropertyName("quantity"), Description("Whole number (default 1).")] decimal? Quantity = null,
    [property: JsonPropertyName("price"), Description("Unit price (default the catalog price).")] decimal? Price = null);
