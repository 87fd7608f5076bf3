-- The statement db_query_records sends for
-- {"table":"books","where":{"author_id":7},"order_by":[{"column":"id"}],"limit":50}
\set author 7
\set lim 51
SELECT * FROM "public"."books" WHERE ("author_id" = CAST(:author AS text)::bigint) ORDER BY "id" ASC LIMIT :lim;
