using System.Net;
using System.Text.Json.Nodes;

namespace Ontraport.Client.Http;

/// <summary>A successful answer with the envelope <c>{code, data, account_id, misc}</c> unwrapped (API reference §1.4).</summary>
public sealed record OntraportResponse(HttpStatusCode StatusCode, JsonNode? Data, long? AccountId, JsonNode? Misc = null);

/// <summary>What one HTTP attempt produced, before it is judged.</summary>
internal sealed record AttemptResult(HttpStatusCode StatusCode, string Body, int? RateLimitRemaining, TimeSpan? RateLimitReset);
