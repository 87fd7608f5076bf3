// tools/call through the official MCP TypeScript SDK client, for bench/perf.sh: N clients, each calling the
// tool in a loop (one call in flight per client), a warm-up that is not counted, then the measured seconds.
// Every client first lists the tools, as MCP clients do (the SDK then checks structuredContent against the
// tool's output schema, where the server gives one). Every result is checked: a tool error or an empty
// result counts as a failure, never as a call.
//
//   node sdk-client.mjs http URL CLIENTS WARMUP_S SECONDS TOOL ARGS_JSON [HEADER=VALUE ...]
//   node sdk-client.mjs stdio COMMAND_JSON CLIENTS WARMUP_S SECONDS TOOL ARGS_JSON
//        COMMAND_JSON: {"command": "...", "args": [...], "env": {...}}
//
// Prints one JSON object: calls, rps, p50/p99 in ms, failures, the first failure's text, startMs (stdio:
// from spawning the server to its first answered tools/call).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [kind, target, clientsArg, warmupArg, secondsArg, tool, argsJson, ...headerArgs] = process.argv.slice(2);
const clients = Number(clientsArg);
const args = JSON.parse(argsJson);
const headers = {};
for (const header of headerArgs) {
  const at = header.indexOf('=');
  headers[header.slice(0, at)] = header.slice(at + 1);
}

function transport() {
  if (kind === 'http') {
    return new StreamableHTTPClientTransport(new URL(target), { requestInit: { headers } });
  }
  const spec = JSON.parse(target);
  return new StdioClientTransport({ command: spec.command, args: spec.args, env: spec.env, stderr: 'ignore' });
}

let failures = 0;
let firstFailure = null;
function check(result) {
  const text = result?.content?.[0]?.text;
  if (result?.isError || typeof text !== 'string' || text.length === 0) {
    failures++;
    firstFailure ??= JSON.stringify(result).slice(0, 300);
    return false;
  }
  return true;
}

const spawned = performance.now();
const connected = await Promise.all(Array.from({ length: clients }, async () => {
  const client = new Client({ name: 'perf-bench', version: '1.0.0' });
  await client.connect(transport());
  await client.listTools();
  return client;
}));
check(await connected[0].callTool({ name: tool, arguments: args }));
const startMs = performance.now() - spawned;

async function loop(client, until, latencies) {
  while (performance.now() < until) {
    const started = performance.now();
    let ok;
    try {
      ok = check(await client.callTool({ name: tool, arguments: args }, undefined, { timeout: 30_000 }));
    } catch (e) {
      failures++;
      firstFailure ??= String(e).slice(0, 300);
      ok = false;
    }
    if (ok && latencies) {
      latencies.push(performance.now() - started);
    }
  }
}

const warmupEnd = performance.now() + Number(warmupArg) * 1000;
await Promise.all(connected.map((client) => loop(client, warmupEnd, null)));
failures = 0;
const latencies = [];
const measuredStart = performance.now();
await Promise.all(connected.map((client) => loop(client, measuredStart + Number(secondsArg) * 1000, latencies)));
const elapsed = (performance.now() - measuredStart) / 1000;
await Promise.all(connected.map((client) => client.close()));

latencies.sort((a, b) => a - b);
const at = (q) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] * 100) / 100 : null);
process.stdout.write(JSON.stringify({
  calls: latencies.length,
  rps: latencies.length / elapsed,
  p50: at(0.5),
  p99: at(0.99),
  failures,
  firstFailure,
  startMs: Math.round(startMs),
}) + '\n');
process.exit(0);
