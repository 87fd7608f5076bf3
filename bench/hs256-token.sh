#!/usr/bin/env bash
# Prints an HS256 JWT for the benchmarks: bench/hs256-token.sh SECRET [SCOPES]
# Subject "bench", issuer "bench-issuer", audience "database-admin-server", valid for two hours; the
# servers the benchmarks start check exactly these (DB_ADMIN_JWT_ISSUER / DB_ADMIN_JWT_AUDIENCE).
set -euo pipefail
node -e '
const c = require("crypto");
const b = o => Buffer.from(JSON.stringify(o)).toString("base64url");
const h = b({alg: "HS256", typ: "JWT"});
const p = b({sub: "bench", iss: "bench-issuer", aud: "database-admin-server", scope: process.argv[2],
             exp: Math.floor(Date.now() / 1000) + 7200});
console.log(h + "." + p + "." + c.createHmac("sha256", process.argv[1]).update(h + "." + p).digest("base64url"));' \
  "$1" "${2:-db:read db:write}"
