#!/usr/bin/env python3
"""Who owns a tool call's busy time, from a dotnet-trace thread-time trace converted to speedscope.

  dotnet-trace convert trace.nettrace --format speedscope -o trace
  python3 bench/Ontraport.Mcp.Bench/profile_owners.py trace.speedscope.json <calls during the trace>

Replays each thread's open/close events; an interval is busy when its leaf frame is not a wait (the thread pool's idle
spin in WorkerThreadStart is not counted either). Part 1 gives each busy interval to ONE owner: the first frame from the
leaf upward that matches a category (so the shares add up to 100 %). Part 2 is the inclusive share of named frames
(async stacks are cut at each await, so outer frames are lower bounds). The project's own code only where no tool does
this: dotnet-trace's report has no caller view and no per-owner split.
"""
import json, sys, collections, re
d = json.load(open(sys.argv[1])); calls = float(sys.argv[2])
frames = [f['name'] for f in d['shared']['frames']]
PSEUDO = {i for i,n in enumerate(frames) if n in ('CPU_TIME','UNMANAGED_CODE_TIME')}
WAIT = re.compile(r'(Monitor\.Wait|WaitNative|WaitOneNoCheck|Sys\.Read\(|RunFinalizers|LowLevelSpinWaiter\.Wait|\?!\?|LowLevelLifoSemaphore\.Wait\(|WaitForSignal|ManualResetEventSlim\.Wait|Thread\.Sleep)')
CATS = [  # checked from the leaf upward; first frame that matches names the owner
 ('GC suspension (allocation; all owners)', r'PollGCWorker'),
 ('lock contention (Monitor.Enter_Slowpath)', r'Monitor\.Enter_Slowpath'),
 ('kernel send (SysSend/SendMessage)', r'SocketPal\.SysSend|Sys\.SendMessage'),
 ('emulator (sandbox builds the page)', r'Ontraport\.Sandbox!'),
 ('ours: redaction/audit (Hosting/Redaction, ToolCallChain)', r'Hosting\.Redaction|ToolCallChain|AuditLog|Audit'),
 ('ours: compaction (Tools/Shaping)', r'Tools\.Shaping'),
 ('ours: typed client + Polly (Ontraport.Client)', r'Ontraport\.Client!|Polly'),
 ('ours: tool + filters (Ontraport.Mcp.Server other)', r'Ontraport\.Mcp\.Server!(?!.*RelaxedJson)(?!.*ServerLogging)'),
 ('ours: relaxed-escaping rewrite', r'RelaxedJsonResponse'),
 ('ours: logging (Serilog)', r'Serilog|ServerLogging'),
 ('SDK (ModelContextProtocol)', r'ModelContextProtocol'),
 ('ASP.NET auth/authz/routing middleware', r'Authentication|Authorization|Routing|EndpointMiddleware'),
 ('Kestrel/ASP.NET hosting', r'Microsoft\.AspNetCore|System\.IO\.Pipelines|System\.Net\.Sockets'),
]
CATS = [(n, re.compile(p)) for n,p in CATS]
acc = collections.Counter(); B = 0.0; incl = collections.Counter()
for p in d['profiles']:
    stack = []; last = None
    for e in p['events']:
        t = e['at']
        if last is not None and stack and t > last:
            dt = t - last
            real = [f for f in stack if f not in PSEUDO]
            leaf = frames[real[-1]] if real else '?'
            if not WAIT.search(leaf) and not 'WorkerThreadStart' in leaf:
                B += dt; owner = 'other (runtime, thread pool, timers)'
                for f in set(real): incl[f] += dt
                for f in reversed(real):
                    n = frames[f]
                    hit = next((c for c, rx in CATS if rx.search(n)), None)
                    if hit: owner = hit; break
                acc[owner] += dt
        last = t
        if e['type'] == 'O': stack.append(e['frame'])
        else:
            while stack:
                f = stack.pop()
                if f == e['frame']: break
print(f"busy {B:.0f} ms over {calls:.0f} calls = {B/calls:.3f} ms busy thread time per call")
for n, v in acc.most_common(): print(f"{100*v/B:6.2f}%  {v/calls:6.3f} ms/call  {n}")
rows = [
 ('all request work (Kestrel HttpProtocol.ProcessRequests)', r'HttpProtocol\+<ProcessRequests>d__\d+`1.*MoveNext\(\)$|HttpProtocol\.ProcessRequests'),
 ('SocketConnection.DoSend', r'SocketConnection\+<DoSend>d__28\.MoveNext'),
 ('Sys.SendMessage (kernel write)', r'Sys\.SendMessage'),
 ('SocketConnection.DoReceive', r'SocketConnection\+<DoReceive>d__\d+\.MoveNext'),
 ('GC suspension PollGCWorker', r'PollGCWorker'),
 ('Monitor.Enter_Slowpath', r'Monitor\.Enter_Slowpath'),
 ('RequestLogging', r'RequestLoggingMiddleware\+<Invoke>d__10\.MoveNext'),
 ('AuthenticationMiddleware', r'AuthenticationMiddleware\+<Invoke>d__6\.MoveNext'),
 ('AuthorizationMiddleware', r'AuthorizationMiddleware\+<Invoke>d__11\.MoveNext'),
 ('RelaxedJsonResponse.UnescapeAsync', r'RelaxedJsonResponse\+<UnescapeAsync>d__0\.MoveNext'),
 ('RelaxedJsonResponse WriteAsync', r'UnescapingStream\+<WriteAsync>'),
 ('StreamableHttpHandler.HandlePost', r'StreamableHttpHandler\+<HandlePostRequestAsync>.*MoveNext'),
 ('GetOrCreateSession', r'StreamableHttpHandler\+<GetOrCreateSessionAsync>d__32\.MoveNext'),
 ('Session DisposeAsync', r'StreamableHttpSession\+<DisposeAsync>d__36\.MoveNext\(\)$'),
 ('HandleMessageAsync', r'McpSessionHandler\+<HandleMessageAsync>d__38\.MoveNext'),
 ('HandleMessageCoreAsync', r'McpSessionHandler\+<HandleMessageCoreAsync>d__39\.MoveNext'),
 ('RedactAndAudit (ToolCallChain)', r'ToolCallChain\+<>c__DisplayClass3_0\+<<RedactAndAudit>b__0>d\.MoveNext'),
 ('Redaction.Scrub', r'Redaction\.Scrub'),
 ('Redaction.MayNameSecret', r'Redaction\.MayNameSecret'),
 ('GetObjectsTool', r'GetObjectsTool\+<GetObjects>d__2\.MoveNext'),
 ('ListPageAsync', r'ObjectsService\+<ListPageAsync>d__4\.MoveNext'),
 ('Polly pipeline', r'Polly\.Utils\.Pipeline\.CompositeComponent\+<ExecuteCoreWithTelemetry>'),
 ('SandboxHttpMessageHandler', r'SandboxHttpMessageHandler\+<SendAsync>d__2\.MoveNext'),
 ('OntraportSandbox.HandleAsync', r'OntraportSandbox\+<HandleAsync>d__6\.MoveNext'),
 ('ApiDispatcher.Dispatch', r'ApiDispatcher\.Dispatch\('),
 ('CollectionResponse.Page', r'CollectionResponse\.Page\('),
 ('Interpret', r'OntraportTransport\.Interpret'),
 ('JsonDocument.Parse', r'JsonDocument\.Parse\('),
 ('ReadableRecords.ShapeAsync', r'ReadableRecords\+<ShapeAsync>d__5\.MoveNext'),
 ('ReadableRecords.Shape', r'ReadableRecords\.Shape\(class'),
 ('RecordShaper.Shape', r'RecordShaper\.Shape\('),
 ('InitializeDictionary', r'JsonObject\.InitializeDictionary'),
 ('ToolOutput.Page', r'ToolOutput\.Page'),
 ('JsonObject.WriteTo', r'JsonObject\.WriteTo'),
 ('SendMessageAsync SSE', r'StreamableHttpPostTransport\+<SendMessageAsync>d__21\.MoveNext'),
 ('FormatJsonRpcMessage', r'FormatJsonRpcMessage'),
 ('ToolArguments', r'ToolArguments\.'),
 ('Serilog Emit', r'SafeAggregateSink\.Emit|BackgroundWorkerSink\.Emit'),
 ('HMACSHA256', r'HMACSHA256\.HashData'),
 ('DI ResolveService', r'ResolveService'),
 ('Activity tags', r'Activity\+TagsLinkedList'),
]
print("--- inclusive share of busy time (lower bounds for outer frames)")
for name, pat in rows:
    best = max((incl[i] for i, n in enumerate(frames) if re.search(pat, n)), default=0)
    print(f"{100*best/B:6.2f}%  {name}")
