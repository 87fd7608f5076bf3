# Sequential tools/call over stdio against a jar; stops at the first response that does not arrive within 10 s.
import json, subprocess, sys, time, os, select
jar, n = sys.argv[1], int(sys.argv[2])
env = dict(os.environ)
p = subprocess.Popen(["java", "-jar", jar, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
def send(o): p.stdin.write((json.dumps(o) + "\n").encode()); p.stdin.flush()
buf = b""
def recv(timeout=10):
    global buf
    end = time.time() + timeout
    while b"\n" not in buf:
        r, _, _ = select.select([p.stdout], [], [], max(0, end - time.time()))
        if not r: return None
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk: return None
        buf += chunk
    line, buf = buf.split(b"\n", 1)
    return json.loads(line)
send({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"loop","version":"1"}}})
init = recv(120); print("initialize ->", init["result"]["protocolVersion"])
send({"jsonrpc":"2.0","method":"notifications/initialized"})
t0 = time.time(); ok = 0
for i in range(1, n + 1):
    send({"jsonrpc":"2.0","id":i,"method":"tools/call","params":{"name":"db_query_records","arguments":{"table":"books","where":{"author_id":7},"order_by":[{"column":"id"}],"limit":5}}})
    r = recv()
    if r is None or r.get("id") != i:
        print(f"lost response at call {i}: {r}"); break
    ok += 1
el = time.time() - t0
print(f"{ok}/{n} sequential calls answered in {el:.1f} s ({ok/el:.0f} calls/s)")
p.stdin.close(); t1 = time.time(); p.wait(60); print(f"exit {p.returncode} {time.time()-t1:.2f} s after EOF")
