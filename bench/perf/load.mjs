// HTTP load for bench/perf.sh: autocannon as a library, so that requests per second can be recorded for
// every second of the run (autocannon's command line prints only the aggregate).
//
//   node load.mjs URL CONNECTIONS SECONDS BODY [HEADER=VALUE ...]
//
// Prints one JSON object: rps (mean over the run), p50/p99/max latency in ms, errors, timeouts, non2xx and
// perSecond (responses completed in each second, first to last).
import autocannon from 'autocannon';

const [url, connections, seconds, body, ...headerArgs] = process.argv.slice(2);
const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
for (const header of headerArgs) {
  const at = header.indexOf('=');
  headers[header.slice(0, at).toLowerCase()] = header.slice(at + 1);
}

const perSecond = [];
const instance = autocannon({
  url,
  method: 'POST',
  headers,
  body,
  connections: Number(connections),
  duration: Number(seconds),
  timeout: 30,
});
instance.on('tick', ({ counter }) => perSecond.push(counter));
instance.on('done', (result) => {
  process.stdout.write(JSON.stringify({
    rps: result.requests.total / (result.duration || Number(seconds)),
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    perSecond,
  }) + '\n');
});
