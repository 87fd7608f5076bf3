-- The statement db_insert_record sends for {"table":"test_data","data":{"name":"test","value":123}}
\set v 123
INSERT INTO "public"."test_data" ("name", "value") VALUES (CAST('test' AS text)::text, CAST(:v AS text)::integer) RETURNING *, (xmax = 0) AS __dbadmin_inserted;
