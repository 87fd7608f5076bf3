package com.dbadmin.backup.dump;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the readers found, addressable the way pg_depend addresses it (catalog and oid), and what
 * must stay out: tables server policy hides and the objects the engine cannot carry, each together
 * with everything that depends on it, so what remains always restores on its own. {@link #settle()}
 * turns it into the snapshot: objects, and the warnings (policy) and missing list (not carried).
 */
final class CatalogGraph {
    private final ObjectSnapshot snapshot = new ObjectSnapshot();
    private final Map<String, DatabaseObject> all = new LinkedHashMap<>();
    private final Map<String, Map<Long, DatabaseObject>> byCatalog = new HashMap<>();
    private final Map<String, Map<Long, PostStatement>> postsByCatalog = new HashMap<>();
    private final Map<PostStatement, DatabaseObject> postOwners = new IdentityHashMap<>();
    /** Roots of exclusion: key → why (null: server policy, which is not reported per object). */
    private final Map<String, String> roots = new LinkedHashMap<>();
    private final List<String> placements = new ArrayList<>();

    ObjectSnapshot snapshot() {
        return snapshot;
    }

    DatabaseObject add(DatabaseObject object) {
        return add(object.kind().catalog(), object);
    }

    DatabaseObject add(String catalog, DatabaseObject object) {
        all.put(object.key(), object);
        alias(catalog, object.oid(), object);
        return object;
    }

    /** Registers an object under a second catalog row (a composite type's pg_class row). */
    void alias(String catalog, long oid, DatabaseObject object) {
        byCatalog.computeIfAbsent(catalog, c -> new HashMap<>()).put(oid, object);
    }

    DatabaseObject find(String catalog, long oid) {
        Map<Long, DatabaseObject> objects = byCatalog.get(catalog);
        return objects == null ? null : objects.get(oid);
    }

    DatabaseObject find(String key) {
        return all.get(key);
    }

    Collection<DatabaseObject> all() {
        return all.values();
    }

    void post(DatabaseObject owner, PostStatement post) {
        owner.posts().add(post);
        postOwners.put(post, owner);
        if (post.catalog() != null) {
            postsByCatalog.computeIfAbsent(post.catalog(), c -> new HashMap<>()).put(post.oid(), post);
        }
    }

    PostStatement findPost(String catalog, long oid) {
        Map<Long, PostStatement> posts = postsByCatalog.get(catalog);
        return posts == null ? null : posts.get(oid);
    }

    /** Kept out by server policy (restricted tables, the server's own schema), without a message of its own. */
    void hide(DatabaseObject object) {
        roots.putIfAbsent(object.key(), null);
    }

    /** An object the engine cannot carry, registered so that what depends on it is found. */
    DatabaseObject notCarried(String catalog, long oid, String description) {
        DatabaseObject placeholder = new DatabaseObject(ObjectKind.NOT_CARRIED, oid, null, catalog + ":" + oid, null);
        add(catalog, placeholder);
        roots.put(placeholder.key(), description);
        return placeholder;
    }

    /** Something carried without one of its properties (a relation's tablespace): reported, nothing left out. */
    void notCarriedPlacement(String description) {
        placements.add(description);
    }

    /** An object that was read but cannot be carried as it is (e.g. a range type with a C canonical function). */
    void cannotCarry(DatabaseObject object, String description) {
        roots.put(object.key(), description);
    }

    /**
     * Leaves out every root and everything that depends on one, directly or not; removes post statements
     * that need a left-out object. Policy exclusions become warnings (as before: the backup is still
     * complete for what policy lets in); the rest becomes the missing list.
     */
    ObjectSnapshot settle() {
        Map<String, String> cause = new LinkedHashMap<>();
        roots.keySet().forEach(root -> cause.put(root, root));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (DatabaseObject object : all.values()) {
                if (cause.containsKey(object.key())) {
                    continue;
                }
                String root = object.dependencies().stream().filter(cause::containsKey).map(cause::get).findFirst()
                        .orElse(object.kind() == ObjectKind.SEQUENCE && object.ownerTable() != null
                                ? cause.get(object.ownerTable()) : null);
                if (root != null) {
                    cause.put(object.key(), root);
                    changed = true;
                }
            }
        }
        for (Map.Entry<String, String> root : roots.entrySet()) {
            if (root.getValue() != null) {
                snapshot.notCarried().add(root.getValue());
                snapshot.missing().add(root.getValue() + " (not carried by the backup engine)");
            }
        }
        for (String placement : placements) {
            snapshot.notCarried().add(placement);
            snapshot.missing().add(placement + " (restored into the default tablespace)");
        }
        // What depends on a table policy hides is counted, never named: the name of a restricted table's
        // sequence, of a view over it or of a foreign key to it would tell what the policy hides.
        int behindPolicy = 0;
        for (DatabaseObject object : all.values()) {
            String root = cause.get(object.key());
            if (root == null || roots.containsKey(object.key())) {
                continue;
            }
            if (roots.get(root) == null) {
                behindPolicy++;
            } else {
                snapshot.missing().add(object.kind().keyPrefix() + " " + object.qualifiedName()
                        + " (depends on " + roots.get(root) + ")");
            }
        }
        for (DatabaseObject object : all.values()) {
            if (cause.containsKey(object.key())) {
                continue;
            }
            List<PostStatement> dropped = new ArrayList<>();
            for (PostStatement post : object.posts()) {
                String root = post.dependencies().stream().filter(cause::containsKey).map(cause::get).findFirst()
                        .orElse(null);
                if (root == null) {
                    continue;
                }
                dropped.add(post);
                String kind = post.kind().replace('_', ' ');
                if (roots.get(root) == null) {
                    snapshot.warnings().add("a " + kind + " of " + object.qualifiedName()
                            + " is not included: it depends on a table that is not in the backup");
                } else {
                    snapshot.missing().add(kind + " " + post.name() + " of " + object.qualifiedName()
                            + " (depends on " + roots.get(root) + ")");
                }
            }
            object.posts().removeAll(dropped);
        }
        if (behindPolicy > 0) {
            snapshot.warnings().add(behindPolicy + " object(s) that depend on tables the server policy keeps out of"
                    + " backups are not included");
        }
        for (DatabaseObject object : all.values()) {
            if (!cause.containsKey(object.key()) && object.kind() != ObjectKind.NOT_CARRIED) {
                snapshot.objects().put(object.key(), object);
            }
        }
        return snapshot;
    }

    DatabaseObject ownerOf(PostStatement post) {
        return postOwners.get(post);
    }
}
