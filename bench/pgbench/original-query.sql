-- What POST /api/db/query {"table":"books","limit":50} runs: the page (one row beyond the limit
-- tells whether more exist) and, since the page is partial, the exact total_count.
\set lim 51
SELECT * FROM "public"."books" LIMIT :lim;
SELECT count(*) FROM "public"."books";
