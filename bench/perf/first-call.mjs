// Start-up time for bench/perf.sh: polls URL with BODY every 10 ms until a tools/call is answered with a
// result that is not an error, then prints the milliseconds since T0 (epoch ms, taken just before the
// server process was started). Gives up after LIMIT_S seconds and prints -1.
//
//   node first-call.mjs T0 URL BODY LIMIT_S [HEADER=VALUE ...]
const [t0, url, body, limit, ...headerArgs] = process.argv.slice(2);
const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
for (const header of headerArgs) {
  const at = header.indexOf('=');
  headers[header.slice(0, at).toLowerCase()] = header.slice(at + 1);
}
const deadline = Number(t0) + Number(limit) * 1000;
while (Date.now() < deadline) {
  try {
    const response = await fetch(url, { method: 'POST', headers, body });
    const text = await response.text();
    if (response.ok && text.includes('"result"') && !text.includes('"isError":true')) {
      console.log(Date.now() - Number(t0));
      process.exit(0);
    }
  } catch {
    // not listening yet
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
}
console.log(-1);
