namespace Ontraport.Mcp.Server.Tools.Search;

// The answers of search and fetch in OpenAI's shape (platform.openai.com/docs/mcp: one text item holding this JSON),
// serialized by ToolOutput.Json<T> through ToolJson.

/// <summary><c>search</c>: <c>{"results":[{"id","title","url"}, …]}</c>, best first, at most <see cref="RecordSearch.MaxResults"/>.</summary>
public sealed record SearchAnswer(IReadOnlyList<SearchResult> Results);

/// <summary>One hit: <c>contacts/5</c>, a readable title, and the record's address in Ontraport.</summary>
public sealed record SearchResult(string Id, string Title, string? Url);

/// <summary><c>fetch</c>: the record as readable lines, its link into Ontraport, and what it is.</summary>
public sealed record FetchAnswer(string Id, string Title, string Text, string? Url, FetchMetadata Metadata);

/// <summary>The record's type (singular name), owner and dates (ISO 8601 UTC).</summary>
public sealed record FetchMetadata(string ObjectType, string? Owner, string? Created, string? Modified);
