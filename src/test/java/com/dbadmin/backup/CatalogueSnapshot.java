package com.dbadmin.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a database defines, as sorted lines of text read with SQL from the catalogue through
 * PostgreSQL's own deparsers: the comparison for servers whose pg_dump is not installed here (16, 17)
 * and a second opinion next to pg_dump for the others. Objects are named, never numbered (OIDs differ
 * between a database and its restore), except large objects, whose OIDs a restore keeps. The server's
 * own schema (dbadmin) is left out: each server creates it where it runs.
 *
 * @param privileges whether owners and ACLs are part of the comparison
 */
record CatalogueSnapshot(List<String> lines) {
    private static final String USER_NAMESPACES = "nspname NOT IN ('pg_catalog', 'information_schema', 'dbadmin')"
            + " AND nspname !~ '^pg_'";

    static CatalogueSnapshot of(Connection connection, boolean privileges) throws SQLException {
        int version;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rs.next();
            version = rs.getInt(1);
        }
        String owner = privileges ? "' owner=' || pg_get_userbyid(%s) || ' acl=' || coalesce(%s::text, '-')" : "''";
        List<String> queries = new ArrayList<>();
        queries.add("SELECT 'schema ' || nspname || " + owner.formatted("nspowner", "nspacl")
                + " FROM pg_namespace WHERE " + USER_NAMESPACES + " AND nspname <> 'public'");
        queries.add("SELECT 'extension ' || extname || ' ' || extversion || ' in ' || n.nspname FROM pg_extension e"
                + " JOIN pg_namespace n ON n.oid = e.extnamespace");
        queries.add("""
                SELECT 'relation ' || c.oid::regclass || ' kind=' || c.relkind::text || ' persistence=' || c.relpersistence::text
                       || ' options=' || coalesce(c.reloptions::text, '-')
                       || ' toast=' || coalesce((SELECT t.reloptions::text FROM pg_class t WHERE t.oid = c.reltoastrelid), '-')
                       || ' replident=' || c.relreplident::text || ' rls=' || c.relrowsecurity || '/' || c.relforcerowsecurity
                       || ' am=' || coalesce((SELECT amname FROM pg_am WHERE oid = c.relam), '-')
                       || ' partkey=' || coalesce(pg_get_partkeydef(c.oid), '-')
                       || ' bound=' || coalesce(pg_get_expr(c.relpartbound, c.oid), '-')
                       || ' inherits=' || coalesce((SELECT string_agg(i.inhparent::regclass::text, ',' ORDER BY i.inhseqno)
                                                    FROM pg_inherits i WHERE i.inhrelid = c.oid), '-')
                       || ' populated=' || c.relispopulated || ' typed=' || (c.reloftype <> 0) || %s
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'c') AND n.%s""".formatted(
                owner.formatted("c.relowner", "c.relacl"), USER_NAMESPACES));
        String compression = version >= 140000 ? "a.attcompression::text" : "''";
        queries.add("""
                SELECT 'column ' || c.oid::regclass || '.' || quote_ident(a.attname)
                       || ' #' || (SELECT count(*) FROM pg_attribute b WHERE b.attrelid = a.attrelid AND b.attnum > 0
                                   AND NOT b.attisdropped AND b.attnum <= a.attnum)
                       || ' ' || format_type(a.atttypid, a.atttypmod) || ' notnull=' || a.attnotnull
                       || ' identity=' || a.attidentity::text || ' generated=' || a.attgenerated::text
                       || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-')
                       || ' collation=' || coalesce((SELECT collname FROM pg_collation WHERE oid = a.attcollation), '-')
                       || ' stattarget=' || coalesce(nullif(a.attstattarget::int, -1)::text, '-')
                       || ' storage=' || a.attstorage::text || ' compression=' || %s
                       || ' options=' || coalesce(a.attoptions::text, '-') || ' fdw=' || coalesce(a.attfdwoptions::text, '-')
                       || ' local=' || a.attislocal || ' inherited=' || a.attinhcount
                       %s
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c', 'i', 'I')
                  AND n.%s""".formatted(compression, privileges ? "|| ' acl=' || coalesce(a.attacl::text, '-')" : "",
                USER_NAMESPACES));
        queries.add("""
                SELECT 'constraint ' || coalesce(c.conrelid::regclass::text, c.contypid::regtype::text) || ' '
                       || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid) || ' valid=' || c.convalidated
                       || ' local=' || c.conislocal
                FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.%s""".formatted(USER_NAMESPACES));
        queries.add("""
                SELECT 'index ' || pg_get_indexdef(i.indexrelid) || ' clustered=' || i.indisclustered
                       || ' replident=' || i.indisreplident || ' valid=' || i.indisvalid
                       || ' attached=' || coalesce((SELECT h.inhparent::regclass::text FROM pg_inherits h
                                                    WHERE h.inhrelid = i.indexrelid), '-')
                FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.%s""".formatted(USER_NAMESPACES));
        queries.add("""
                SELECT 'trigger ' || pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE NOT t.tgisinternal AND n.%s""".formatted(USER_NAMESPACES));
        queries.add("""
                SELECT 'rule ' || pg_get_ruledef(r.oid) || ' enabled=' || r.ev_enabled::text
                FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.%s""".formatted(USER_NAMESPACES));
        queries.add("""
                SELECT 'policy ' || p.polrelid::regclass || ' ' || quote_ident(p.polname) || ' cmd=' || p.polcmd::text
                       || ' permissive=' || p.polpermissive
                       || ' roles=' || (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r) END, ',' ORDER BY r)
                                        FROM unnest(p.polroles) r)
                       || ' using=' || coalesce(pg_get_expr(p.polqual, p.polrelid), '-')
                       || ' check=' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '-')
                FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.%s""".formatted(USER_NAMESPACES));
        queries.add("""
                SELECT 'view ' || c.oid::regclass || ' ' || pg_get_viewdef(c.oid)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('v', 'm') AND n.%s""".formatted(USER_NAMESPACES));
        queries.add("""
                SELECT 'routine ' || p.oid::regprocedure || ' ' || CASE WHEN p.prokind = 'a' THEN
                           (SELECT 'aggregate kind=' || a.aggkind::text || ' sfunc=' || a.aggtransfn || ' stype='
                                   || format_type(a.aggtranstype, NULL) || ' final=' || a.aggfinalfn || '/' || a.aggfinalextra
                                   || '/' || a.aggfinalmodify::text || ' combine=' || a.aggcombinefn || ' init='
                                   || coalesce(a.agginitval, '-') || ' msfunc=' || a.aggmtransfn || ' minv=' || a.aggminvtransfn
                                   || ' mstype=' || a.aggmtranstype::regtype || ' mfinal=' || a.aggmfinalfn || ' minit='
                                   || coalesce(a.aggminitval, '-') || ' sortop=' || a.aggsortop::regoper || ' parallel='
                                   || p.proparallel::text
                            FROM pg_aggregate a WHERE a.aggfnoid = p.oid)
                       ELSE pg_get_functiondef(p.oid) END || %s
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.%s""".formatted(
                owner.formatted("p.proowner", "p.proacl"), USER_NAMESPACES));
        queries.add("""
                SELECT 'type ' || t.oid::regtype || ' kind=' || t.typtype::text
                       || ' enum=' || coalesce((SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e
                                                WHERE e.enumtypid = t.oid), '-')
                       || ' base=' || coalesce(format_type(nullif(t.typbasetype, 0), t.typtypmod), '-')
                       || ' default=' || coalesce(t.typdefault, '-') || ' notnull=' || t.typnotnull
                       || ' range=' || coalesce((SELECT r.rngsubtype::regtype || '/'
                                                        || (SELECT opcname FROM pg_opclass WHERE oid = r.rngsubopc) || '/'
                                                        || coalesce((SELECT collname FROM pg_collation WHERE oid = r.rngcollation), '-')
                                                        || '/' || r.rngsubdiff
                                                 FROM pg_range r WHERE r.rngtypid = t.oid), '-') || %s
                FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE t.typtype IN ('e', 'd', 'c', 'r', 'm') AND n.%s
                  AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c')""".formatted(
                owner.formatted("t.typowner", "t.typacl"), USER_NAMESPACES));
        queries.add("""
                SELECT 'sequence ' || s.seqrelid::regclass || ' ' || format_type(s.seqtypid, NULL) || ' ' || s.seqstart || ' '
                       || s.seqincrement || ' ' || s.seqmin || ' ' || s.seqmax || ' ' || s.seqcache || ' ' || s.seqcycle
                FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.%s""".formatted(USER_NAMESPACES));
        String icu = version >= 170000 ? "c.colllocale" : version >= 150000 ? "c.colliculocale" : "NULL";
        queries.add("""
                SELECT 'collation ' || n.nspname || '.' || c.collname || ' provider=' || c.collprovider::text
                       || ' deterministic=' || c.collisdeterministic || ' collate=' || coalesce(c.collcollate, '-')
                       || ' ctype=' || coalesce(c.collctype, '-') || ' locale=' || coalesce(%s, '-')
                FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace WHERE n.%s""".formatted(icu, USER_NAMESPACES));
        queries.add("""
                SELECT 'ts dictionary ' || d.oid::regdictionary || ' template='
                       || (SELECT tn.nspname || '.' || t.tmplname FROM pg_ts_template t
                           JOIN pg_namespace tn ON tn.oid = t.tmplnamespace WHERE t.oid = d.dicttemplate) || ' options='
                       || coalesce(d.dictinitoption, '-')
                FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace WHERE n.%s""".formatted(USER_NAMESPACES));
        queries.add("""
                SELECT 'ts configuration ' || c.oid::regconfig || ' parser=' || (SELECT prsname FROM pg_ts_parser WHERE oid = c.cfgparser)
                       || ' ' || coalesce((SELECT string_agg(m.maptokentype || ':' || m.mapseqno || ':' || m.mapdict::regdictionary, ','
                                                              ORDER BY m.maptokentype, m.mapseqno)
                                           FROM pg_ts_config_map m WHERE m.mapcfg = c.oid), '-')
                FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace WHERE n.%s""".formatted(USER_NAMESPACES));
        queries.add("SELECT 'wrapper ' || fdwname || ' handler=' || fdwhandler::regproc || ' validator=' || fdwvalidator::regproc"
                + " || ' options=' || coalesce(fdwoptions::text, '-') || " + owner.formatted("fdwowner", "fdwacl")
                + " FROM pg_foreign_data_wrapper");
        queries.add("SELECT 'server ' || s.srvname || ' type=' || coalesce(s.srvtype, '-') || ' version=' || coalesce(s.srvversion, '-')"
                + " || ' wrapper=' || w.fdwname || ' options=' || coalesce(s.srvoptions::text, '-') || "
                + owner.formatted("s.srvowner", "s.srvacl")
                + " FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw");
        // Credentials never travel in backups: user mapping passwords are masked on both sides.
        queries.add("""
                SELECT 'user mapping ' || usename || ' on ' || srvname || ' ' || coalesce(array_to_string(array(
                           SELECT o FROM unnest(umoptions) o WHERE o NOT LIKE 'password=%' ORDER BY o), ','), '-')
                FROM pg_user_mappings""");
        queries.add("""
                SELECT 'foreign table ' || f.ftrelid::regclass || ' server=' || s.srvname || ' options=' || coalesce(f.ftoptions::text, '-')
                FROM pg_foreign_table f JOIN pg_foreign_server s ON s.oid = f.ftserver""");
        queries.add("""
                SELECT 'publication ' || pubname || ' all=' || puballtables || ' ' || pubinsert || pubupdate || pubdelete
                       || pubtruncate || ' viaroot=' || pubviaroot || %s FROM pg_publication""".formatted(
                owner.formatted("pubowner", "NULL::text")));
        queries.add("SELECT 'publication table ' || p.pubname || ' ' || r.prrelid::regclass"
                + (version >= 150000 ? " || ' columns=' || coalesce(r.prattrs::text, '-') || ' where='"
                + " || coalesce(pg_get_expr(r.prqual, r.prrelid), '-')" : "")
                + " FROM pg_publication_rel r JOIN pg_publication p ON p.oid = r.prpubid");
        if (version >= 150000) {
            queries.add("SELECT 'publication schema ' || p.pubname || ' ' || n.nspname FROM pg_publication_namespace pn"
                    + " JOIN pg_publication p ON p.oid = pn.pnpubid JOIN pg_namespace n ON n.oid = pn.pnnspid");
        }
        queries.add("SELECT 'event trigger ' || evtname || ' on ' || evtevent || ' ' || evtfoid::regproc || ' enabled='"
                + " || evtenabled::text || ' tags=' || coalesce(evttags::text, '-') || "
                + owner.formatted("evtowner", "NULL::text") + " FROM pg_event_trigger");
        queries.add("""
                SELECT 'statistics ' || pg_get_statisticsobjdef(s.oid) || ' target='
                       || coalesce(nullif(s.stxstattarget::int, -1)::text, '-') || %s
                FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace WHERE n.%s""".formatted(
                owner.formatted("s.stxowner", "NULL::text"), USER_NAMESPACES));
        queries.add("SELECT 'large object ' || m.oid || ' ' || md5(lo_get(m.oid)) || " + owner.formatted("m.lomowner", "m.lomacl")
                + " FROM pg_largeobject_metadata m");
        if (privileges) {
            queries.add("SELECT 'default acl ' || pg_get_userbyid(defaclrole) || ' ' || coalesce(defaclnamespace::regnamespace::text, '-')"
                    + " || ' ' || defaclobjtype::text || ' ' || defaclacl::text FROM pg_default_acl");
        }
        // Comments on anything: named the way PostgreSQL describes the object.
        queries.add("""
                SELECT 'comment on ' || pg_describe_object(d.classoid, d.objoid, d.objsubid) || ': ' || d.description
                FROM pg_description d
                WHERE d.objoid >= 16384 AND pg_describe_object(d.classoid, d.objoid, d.objsubid) NOT LIKE '% dbadmin.%'
                  AND pg_describe_object(d.classoid, d.objoid, d.objsubid) NOT LIKE 'schema dbadmin%'""");
        queries.add("""
                SELECT 'label on ' || pg_describe_object(l.classoid, l.objoid, l.objsubid) || ' ' || l.provider || ': ' || l.label
                FROM pg_seclabel l""");
        List<String> lines = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (String query : queries) {
                try (ResultSet rs = statement.executeQuery(query)) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            }
        }
        lines.sort(null);
        return new CatalogueSnapshot(List.copyOf(lines));
    }
}
