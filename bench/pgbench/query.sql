-- The statement db_query_records sends for
-- {"table":"books","columns":["id","title","status","word_count"],"where":{"author_id":7},
-- "order_by":[{"column":"id"}],"limit":50}
-- (SqlBuilder binds values as text cast to the column type; the LIMIT is limit + 1).
\set author 7
\set lim 51
SELECT "id", "title", "status", "word_count" FROM "public"."books" WHERE ("author_id" = CAST(:author AS text)::bigint) ORDER BY "id" ASC LIMIT :lim;
