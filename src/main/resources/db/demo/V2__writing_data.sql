-- Demo dataset, part 2: realistic-looking rows for the writing system.
--
-- Size comes from the Flyway placeholder demo_books (number of books); every other table
-- scales from it:
--   authors    = greatest(books / 40, 10)
--   series     = greatest(books / 8, 20), about 1 in 8 books is standalone (no series)
--   characters = 6 per series, plus 3 per standalone book that has chapters
--   locations  = 5 per series, nested world > continent/country > city > building > room
--   chapters   = 3 per book for the first least(books, 5000) books, scenes = 2 per chapter,
--   scene_characters = 2 distinct characters per scene
--   users = 50, auth_tokens = 100, system_config = 10
--
-- Everything is set-based (INSERT ... SELECT over generate_series) and deterministic: the
-- "random" choices are hashes of the row number (hashint8extended), so the same
-- demo_books value always yields the same rows (apart from auth token expiry, which is
-- relative to the load time). Rows get explicit ids (OVERRIDING SYSTEM VALUE) so foreign
-- keys can be computed arithmetically; the identity sequences are moved past them at the
-- end. Helpers live in pg_temp and are dropped at the end: nothing is left in the schema.

-- The demo lives in public; Flyway keeps its history in the server's own schema (dbadmin).
SET search_path TO public;

-- ---------------------------------------------------------------------------------------
-- Helpers (session-local)
-- ---------------------------------------------------------------------------------------

CREATE FUNCTION pg_temp.n_books() RETURNS integer LANGUAGE sql IMMUTABLE
AS $$ SELECT greatest((${demo_books})::integer, 1) $$;

CREATE FUNCTION pg_temp.n_authors() RETURNS integer LANGUAGE sql IMMUTABLE
AS $$ SELECT greatest(pg_temp.n_books() / 40, 10) $$;

CREATE FUNCTION pg_temp.n_series() RETURNS integer LANGUAGE sql IMMUTABLE
AS $$ SELECT greatest(pg_temp.n_books() / 8, 20) $$;

-- books (ids 1..n) that get chapters, scenes and scene characters
CREATE FUNCTION pg_temp.n_outlined() RETURNS integer LANGUAGE sql IMMUTABLE
AS $$ SELECT least(pg_temp.n_books(), 5000) $$;

-- deterministic pseudo-random integer in [0, m) for row n and stream salt
CREATE FUNCTION pg_temp.r(n bigint, salt bigint, m integer) RETURNS integer LANGUAGE sql IMMUTABLE
AS $$ SELECT abs(hashint8extended(n, salt) % greatest(m, 1))::integer $$;

-- deterministic pseudo-random element of an array
CREATE FUNCTION pg_temp.pick(arr text[], n bigint, salt bigint) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT arr[1 + pg_temp.r(n, salt, cardinality(arr))] $$;

-- 0..len consecutive distinct elements of an array, starting at a pseudo-random position
CREATE FUNCTION pg_temp.subset(arr text[], n bigint, salt bigint, len integer) RETURNS text[] LANGUAGE sql IMMUTABLE
AS $$ SELECT (arr || arr)[1 + pg_temp.r(n, salt, cardinality(arr)) : pg_temp.r(n, salt, cardinality(arr)) + least(len, cardinality(arr))] $$;

-- ASCII slug of a Latin-script name, for e-mail addresses and web sites
CREATE FUNCTION pg_temp.slug(s text, sep text) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT replace(lower(translate(s, 'ÅåÄäÖöØøÜüËëÉéÈèÍíÓóÚúÑñŃńÇçÏïÁáÂâÊêÔôÞþŁłÆæ''.',
                                      'AaAaOoOoUuEeEeEeIiOoUuNnNnCcIiAaAaEeOoTtLlEe')), ' ', sep) $$;

-- a word with its indefinite article: 'a brave', 'an anxious'
CREATE FUNCTION pg_temp.a(word text) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT CASE WHEN lower(left(word, 1)) IN ('a', 'e', 'i', 'o', 'u') THEN 'an ' ELSE 'a ' END || word $$;

-- first letter in upper case, the rest untouched
CREATE FUNCTION pg_temp.cap(s text) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT upper(left(s, 1)) || substr(s, 2) $$;

-- Word lists ------------------------------------------------------------------------------

CREATE FUNCTION pg_temp.first_names() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'Emma','Liam','Olivia','Noah','Ava','Ethan','Sophia','Mason','Isabella','Lucas',
  'Mia','Oliver','Amelia','Elijah','Harper','James','Evelyn','Benjamin','Abigail','Henry',
  'Charlotte','Samuel','Grace','Daniel','Hannah','Matthew','Lily','Jack','Nora','Owen',
  'Margaret','Thomas','Ruth','Arthur','Clara','Felix','Iris','Hugo','Maya','Theo',
  'Priya','Arjun','Mei','Kenji','Amara','Kwame','Leila','Omar','Sofia','Mateo',
  'Zoë','Ńadia','Chloé','José','Søren','Björn','Mónica','Élodie','Łukasz','Siobhán'
]::text[] $$;

CREATE FUNCTION pg_temp.last_names() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'Smith','Johnson','Williams','Brown','Jones','Miller','Davis','Wilson','Anderson','Taylor',
  'Thomas','Moore','Martin','Jackson','Thompson','White','Harris','Clark','Lewis','Walker',
  'Hall','Young','King','Wright','Hill','Scott','Green','Adams','Baker','Nelson',
  'Carter','Mitchell','Roberts','Turner','Phillips','Campbell','Parker','Evans','Edwards','Collins',
  'Okafor','Nakamura','Patel','Kowalski','Rossi','Novak','Haddad','Fischer','Silva','Larsen',
  'Ångström','Núñez','Müller','Østergaard','Lefèvre','Gonçalves','Þórsson','Brontë','Doyle','Quinn'
]::text[] $$;

CREATE FUNCTION pg_temp.char_first() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'Mara','Kael','Isolde','Rowan','Thea','Corin','Lysander','Wren','Elara','Dorian',
  'Sable','Ansel','Freya','Jasper','Ilse','Cassius','Nell','Tobias','Vesper','Oren',
  'Maud','Silas','Juniper','Ezra','Odette','Bram','Linnea','Caspian','Ada','Fenwick',
  'Marisol','Idris','Saoirse','Anouk','Tomasz','Yara','Rafe','Beatrix','Alaric','Delphine',
  'Zoë','Ńadia','Åsa','Iñigo','Þóra','Émile','Ingrid','Ciarán','Noémie','Rasmus'
]::text[] $$;

CREATE FUNCTION pg_temp.char_last() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'Thorne','Ashford','Blackwood','Vale','Marlowe','Crane','Holloway','Sterling','Fairweather','Greaves',
  'Winter','Hart','Locke','Mercer','Rook','Calloway','Drummond','Everly','Finch','Grey',
  'Hawthorne','Ivers','Kestrel','Lark','Morrow','Northcott','Pike','Quill','Ravenscroft','Sloane',
  'Tallis','Underhill','Voss','Whitlock','Yardley','Ó Briain','Lindqvist','Dubois','Ferreira','Kovač'
]::text[] $$;

CREATE FUNCTION pg_temp.adjectives() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'Silent','Hollow','Crimson','Forgotten','Burning','Drowned','Gilded','Broken','Last','Wandering',
  'Hidden','Iron','Winter','Shattered','Midnight','Silver','Restless','Distant','Bitter','Sleeping',
  'Wild','Quiet','Scarlet','Endless','Pale','Lost','Golden','Secret','Fallen','Northern',
  'Velvet','Frozen','Salt-Stained','Paper','Glass','Twelfth','Ashen','Lantern-Lit','Unquiet','Sunken'
]::text[] $$;

CREATE FUNCTION pg_temp.nouns() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'Tide','Crown','Garden','Orchard','Lighthouse','River','Kingdom','Library','Harbor','Mirror',
  'Forest','Storm','Compass','Bridge','Archive','Island','Empire','Clockmaker','Witness','Letter',
  'Cartographer','Lantern','Raven','Sparrow','Citadel','Winter','Summer','Promise','Inheritance','Covenant',
  'Map','Door','Well','Tower','Shore','Star','Wolf','Bell','Key','Ember'
]::text[] $$;

CREATE FUNCTION pg_temp.nouns_mass() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'Ashes','Embers','Salt','Thorns','Shadows','Glass','Bone','Stars','Smoke','Silence',
  'Dust','Feathers','Ink','Iron','Rain','Wolves','Kings','Secrets','Storms','Roses',
  'Tides','Lies','Mirrors','Ghosts','Honey','Teeth','Winters','Crows','Spires','Lanterns'
]::text[] $$;

CREATE FUNCTION pg_temp.persons() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'Cartographer','Lighthouse Keeper','Clockmaker','Witch','Beekeeper','Astronomer','Thief','Ferryman',
  'Governess','Archivist','Gardener','Diplomat','Alchemist','Queen','Widow','Mapmaker'
]::text[] $$;

CREATE FUNCTION pg_temp.relatives() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'Daughter','Son','Apprentice','Wife','Secret','Last Voyage','Heir','Promise','Sister','Ghost'
]::text[] $$;

CREATE FUNCTION pg_temp.genres() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'Fantasy','Science Fiction','Mystery','Thriller','Romance','Historical Fiction','Literary Fiction',
  'Horror','Young Adult','Crime','Magical Realism','Dystopian','Cozy Mystery','Epic Fantasy','Space Opera'
]::text[] $$;

CREATE FUNCTION pg_temp.tags() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'found-family','enemies-to-lovers','slow-burn','chosen-one','heist','unreliable-narrator',
  'dual-timeline','small-town','magic-school','time-travel','locked-room','political-intrigue',
  'coming-of-age','revenge','redemption','grimdark','cozy','first-contact','whodunit','gothic',
  'road-trip','court-intrigue','hard-magic','epistolary'
]::text[] $$;

CREATE FUNCTION pg_temp.themes() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'grief','identity','power','belonging','memory','betrayal','forgiveness','ambition','loyalty',
  'freedom','family','sacrifice','truth','home','faith','survival'
]::text[] $$;

CREATE FUNCTION pg_temp.traits() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'stubborn','loyal','curious','reckless','witty','secretive','compassionate','ambitious',
  'anxious','brave','cynical','charming','methodical','impulsive','proud','gentle',
  'sarcastic','idealistic','ruthless','patient'
]::text[] $$;

CREATE FUNCTION pg_temp.occupations() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'cartographer','smuggler','detective','healer','soldier','scholar','innkeeper','pilot',
  'thief','priestess','blacksmith','journalist','engineer','spy','librarian','bard',
  'merchant','ship captain','apothecary','court mage'
]::text[] $$;

CREATE FUNCTION pg_temp.motives() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'never forgave their brother','is searching for a missing sister','owes a debt to the wrong people',
  'hides a forbidden gift','wants to burn the old order down','keeps a promise made to the dead',
  'is running from a prophecy','collects secrets for a living','dreams of leaving the city',
  'guards the last copy of a map','wants to clear their mother''s name','cannot remember the war'
]::text[] $$;

CREATE FUNCTION pg_temp.plot_verbs() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'discovers','steals','loses','burns','deciphers','hides','bargains for','returns',
  'follows','confronts the keeper of','finally opens','is betrayed over'
]::text[] $$;

CREATE FUNCTION pg_temp.plot_objects() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'a hidden map beneath the chapel','the letter from the harbor master','the key to the drowned archive',
  'a ring that should not exist','the ledger of the salt guild','an old photograph of the lighthouse',
  'the captain''s compass','a coded message in the hymnal','the last train ticket north',
  'a jar of black honey','the queen''s seal','a name scratched into the well'
]::text[] $$;

CREATE FUNCTION pg_temp.moods() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'tense','melancholic','hopeful','eerie','romantic','triumphant','chaotic','quiet',
  'bittersweet','ominous','playful','desperate'
]::text[] $$;

CREATE FUNCTION pg_temp.syllables() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'el','dor','ar','ven','mal','tha','ris','kor','syl','an','bre','gal','ith','mor','val','quen',
  'ost','ry','fen','lum','cas','dra','ne','sha'
]::text[] $$;

CREATE FUNCTION pg_temp.place_endings() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'ia','or','heim','mere','fall','wick','haven','gard','moor','ton','reach','ford'
]::text[] $$;

CREATE FUNCTION pg_temp.buildings() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'The Gilded Stag Inn','Old Lighthouse','Grand Library','Saltworks','Chapel of the Tide',
  'Clocktower','Harbor Master''s House','Observatory','Night Market','Governor''s Palace',
  'Abandoned Mill','Academy of Cartography'
]::text[] $$;

CREATE FUNCTION pg_temp.rooms() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'Cellar','Reading Room','Attic','Great Hall','Kitchen','Map Room','Bell Chamber','Vault','Study','Garden Room'
]::text[] $$;

CREATE FUNCTION pg_temp.wilds() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[
  'Whispering Forest','Drowned Road','Glass Desert','Ashen Marsh','Shattered Coast','Northern Wastes','Hollow Hills','Sunken Valley'
]::text[] $$;

-- Base point for all timestamps (deterministic, UTC)
CREATE FUNCTION pg_temp.t0() RETURNS timestamptz LANGUAGE sql IMMUTABLE
AS $$ SELECT timestamptz '2010-01-01 00:00:00+00' $$;

-- ---------------------------------------------------------------------------------------
-- Load fast: set the foreign keys and plain indexes of the demo tables aside and restore
-- them after the load from their own catalogue definitions (so they always match V1).
-- Re-adding a foreign key checks all rows with one join instead of one lookup per row, and
-- building an index once is much cheaper than maintaining it row by row.
-- ---------------------------------------------------------------------------------------

SET LOCAL work_mem = '64MB';
SET LOCAL maintenance_work_mem = '256MB';

CREATE TEMP TABLE demo_deferred_ddl AS
SELECT 1 AS step,
       format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop_sql,
       format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
              pg_get_constraintdef(c.oid)) AS create_sql
FROM pg_constraint c
WHERE c.contype = 'f'
  AND c.conrelid = ANY (ARRAY['series', 'books', 'characters', 'locations', 'chapters', 'scenes',
                              'scene_characters']::regclass[])
UNION ALL
SELECT 2,
       format('DROP INDEX %s', i.indexrelid::regclass),
       pg_get_indexdef(i.indexrelid)
FROM pg_index i
WHERE i.indrelid = ANY (ARRAY['series', 'books', 'characters', 'locations', 'chapters', 'scenes',
                              'scene_characters']::regclass[])
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                  WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid);

DO $$
DECLARE
    d record;
BEGIN
    FOR d IN SELECT drop_sql FROM demo_deferred_ddl ORDER BY step, drop_sql LOOP
        EXECUTE d.drop_sql;
    END LOOP;
END
$$;

-- ---------------------------------------------------------------------------------------
-- authors
-- ---------------------------------------------------------------------------------------

INSERT INTO authors (id, name, email, bio, website, created_at, updated_at)
OVERRIDING SYSTEM VALUE
SELECT a.i, a.name,
       CASE WHEN pg_temp.r(a.i, 3, 15) = 0 THEN NULL
            ELSE pg_temp.slug(a.name, '.') || a.i || '@'
                 || pg_temp.pick(ARRAY['example.com','example.org','example.net','mail.example','writers.example'], a.i, 4)
       END,
       CASE WHEN pg_temp.r(a.i, 5, 5) = 0 THEN NULL
            ELSE rtrim(format('%s writes %s novels from %s. %s',
                        a.name,
                        lower(pg_temp.pick(pg_temp.genres(), a.i, 6)),
                        pg_temp.pick(ARRAY['a cottage by the sea','a flat above a bakery','a converted lighthouse',
                                           'a cabin in the mountains','a tiny apartment in the city','a farmhouse full of cats'], a.i, 7),
                        pg_temp.pick(ARRAY['Former librarian.','Recovering lawyer.','Award-winning short story writer.',
                                           'Writes before dawn, every day.','Debut novelist.','Teaches creative writing.',
                                           'Has never finished a crossword.',''], a.i, 8)))
       END,
       CASE WHEN pg_temp.r(a.i, 9, 3) = 0 THEN NULL
            ELSE 'https://' || pg_temp.slug(a.name, '-') || '.example.com'
       END,
       a.created_at,
       a.created_at + make_interval(days => pg_temp.r(a.i, 10, 900))
FROM (
    SELECT i,
           CASE i
               WHEN 3 THEN 'Zoë Ångström'
               WHEN 7 THEN 'Ńadia'
               ELSE pg_temp.pick(pg_temp.first_names(), i, 1)
                    || CASE WHEN pg_temp.r(i, 11, 9) = 0
                            THEN ' ' || chr(65 + pg_temp.r(i, 12, 26)) || '.' ELSE '' END
                    || ' ' || pg_temp.pick(pg_temp.last_names(), i, 2)
           END AS name,
           pg_temp.t0() - interval '2 years'
               + make_interval(days => pg_temp.r(i, 13, 1500), secs => pg_temp.r(i, 14, 86400)) AS created_at
    FROM generate_series(1, pg_temp.n_authors()) AS i
) AS a;

-- ---------------------------------------------------------------------------------------
-- series: series s belongs to author 1 + (s - 1) % authors
-- ---------------------------------------------------------------------------------------

INSERT INTO series (id, author_id, title, description, genre, planned_books, metadata, created_at, updated_at)
OVERRIDING SYSTEM VALUE
SELECT s.i,
       1 + (s.i - 1) % pg_temp.n_authors(),
       s.title,
       CASE WHEN pg_temp.r(s.i, 21, 6) = 0 THEN NULL
            ELSE format('%s series about %s who %s.',
                        pg_temp.cap(pg_temp.a(lower(s.genre))),
                        pg_temp.a(pg_temp.pick(pg_temp.occupations(), s.i, 22)),
                        pg_temp.pick(pg_temp.motives(), s.i, 23))
       END,
       s.genre,
       CASE WHEN pg_temp.r(s.i, 24, 10) = 0 THEN NULL ELSE 2 + pg_temp.r(s.i, 25, 8) END,
       CASE WHEN pg_temp.r(s.i, 26, 12) = 0 THEN '{}'::jsonb
            ELSE jsonb_build_object(
                     'setting', pg_temp.pick(ARRAY['secondary world','alternate history','near future','Victorian London',
                                                   'far future','contemporary','post-apocalyptic','Renaissance Italy'], s.i, 27),
                     'audience', pg_temp.pick(ARRAY['adult','young adult','middle grade','new adult'], s.i, 28),
                     'inspirations', to_jsonb(pg_temp.subset(pg_temp.themes(), s.i, 29, 1 + pg_temp.r(s.i, 30, 3))),
                     'complete', pg_temp.r(s.i, 31, 4) = 0)
       END,
       s.created_at,
       s.created_at + make_interval(days => pg_temp.r(s.i, 32, 700))
FROM (
    SELECT i,
           pg_temp.pick(pg_temp.genres(), i, 20) AS genre,
           CASE pg_temp.r(i, 33, 4)
               WHEN 0 THEN 'The ' || pg_temp.pick(pg_temp.adjectives(), i, 34) || ' '
                           || pg_temp.pick(ARRAY['Chronicles','Saga','Cycle','Trilogy','Sequence','Quartet','Legacy','Archives'], i, 35)
               WHEN 1 THEN pg_temp.pick(pg_temp.nouns(), i, 36) || ' and ' || pg_temp.pick(pg_temp.nouns_mass(), i, 37)
               WHEN 2 THEN 'Tales of ' || initcap(pg_temp.pick(pg_temp.syllables(), i, 38)
                                                  || pg_temp.pick(pg_temp.syllables(), i, 39)
                                                  || pg_temp.pick(pg_temp.place_endings(), i, 40))
               ELSE 'The ' || pg_temp.pick(pg_temp.nouns(), i, 41) || ' '
                    || pg_temp.pick(ARRAY['Chronicles','Saga','Cycle','Trilogy','Mysteries','Books'], i, 42)
           END AS title,
           pg_temp.t0() + make_interval(days => pg_temp.r(i, 43, 3000), secs => pg_temp.r(i, 44, 86400)) AS created_at
    FROM generate_series(1, pg_temp.n_series()) AS i
) AS s;

-- ---------------------------------------------------------------------------------------
-- books: 1 in 8 standalone, the others in series 1 + (i - 1) % series (same author)
-- ---------------------------------------------------------------------------------------

INSERT INTO books (id, series_id, author_id, title, subtitle, status, word_count, target_word_count,
                   genre, tags, isbn, price, published_on, metadata, cover_image, deleted_at,
                   created_at, updated_at)
OVERRIDING SYSTEM VALUE
SELECT b.i,
       b.series_id,
       coalesce(s.author_id, 1 + pg_temp.r(b.i, 102, pg_temp.n_authors())),
       b.title,
       CASE WHEN b.series_id IS NOT NULL AND pg_temp.r(b.i, 103, 2) = 0
                THEN 'Book ' || b.position || ' of ' || s.title
            WHEN b.series_id IS NULL AND pg_temp.r(b.i, 104, 6) = 0
                THEN 'A Novel'
       END,
       b.status,
       CASE b.status
           WHEN 'planning'  THEN CASE WHEN pg_temp.r(b.i, 105, 3) = 0 THEN 0 ELSE pg_temp.r(b.i, 106, 4000) END
           WHEN 'drafting'  THEN 5000 + pg_temp.r(b.i, 106, 70000)
           WHEN 'revising'  THEN 60000 + pg_temp.r(b.i, 106, 60000)
           WHEN 'published' THEN 55000 + pg_temp.r(b.i, 106, 110000)
           ELSE 1000 + pg_temp.r(b.i, 106, 40000)
       END,
       CASE WHEN pg_temp.r(b.i, 107, 8) = 0 THEN NULL ELSE 70000 + 5000 * pg_temp.r(b.i, 108, 17) END,
       coalesce(s.genre, pg_temp.pick(pg_temp.genres(), b.i, 109)),
       CASE WHEN pg_temp.r(b.i, 110, 50) = 0 THEN NULL
            ELSE pg_temp.subset(pg_temp.tags(), b.i, 111, pg_temp.r(b.i, 112, 5))
       END,
       CASE WHEN b.status = 'published' THEN
           -- ISBN-13 with prefix 9781 and a valid check digit; (i * 48271 + 31415926) mod 10^8 is a bijection
           '9781' || lpad(b.isbn_n::text, 8, '0')
           || ((10 - (41 + (b.isbn_n / 10000000) % 10 + 3 * ((b.isbn_n / 1000000) % 10)
                          + (b.isbn_n / 100000) % 10 + 3 * ((b.isbn_n / 10000) % 10)
                          + (b.isbn_n / 1000) % 10 + 3 * ((b.isbn_n / 100) % 10)
                          + (b.isbn_n / 10) % 10 + 3 * (b.isbn_n % 10)) % 10) % 10)::text
       END,
       CASE WHEN b.status = 'published' AND pg_temp.r(b.i, 113, 15) <> 0
                THEN CASE WHEN pg_temp.r(b.i, 114, 25) = 0 THEN 0.00 ELSE 1.99 + pg_temp.r(b.i, 115, 26) END
            WHEN b.status = 'revising' AND pg_temp.r(b.i, 113, 5) = 0
                THEN 9.99 + pg_temp.r(b.i, 115, 15)
       END,
       CASE WHEN b.status = 'published'
            THEN least((t.created_at + make_interval(days => 90 + pg_temp.r(b.i, 116, 900)))::date, date '2025-06-30')
       END,
       CASE WHEN pg_temp.r(b.i, 117, 25) = 0 THEN '{}'::jsonb
            ELSE jsonb_strip_nulls(jsonb_build_object(
                     'pov', pg_temp.pick(ARRAY['first','first','third limited','third limited','third omniscient',
                                               'second','multiple'], b.i, 118),
                     'tense', pg_temp.pick(ARRAY['past','past','past','present'], b.i, 119),
                     'themes', to_jsonb(pg_temp.subset(pg_temp.themes(), b.i, 120, 1 + pg_temp.r(b.i, 121, 3))),
                     'series_position', b.position,
                     'audience', pg_temp.pick(ARRAY['adult','adult','young adult','middle grade'], b.i, 122),
                     'awards', CASE WHEN b.status = 'published' AND pg_temp.r(b.i, 123, 20) = 0
                                    THEN jsonb_build_array(pg_temp.pick(ARRAY['Hugo finalist','Nebula shortlist',
                                             'Edgar nominee','Booker longlist','Locus winner'], b.i, 124)) END))
       END,
       CASE WHEN b.status = 'published' AND pg_temp.r(b.i, 125, 10) = 0
            THEN decode('89504e470d0a1a0a0000000d49484452', 'hex') || sha256(int8send(b.i))
       END,
       CASE WHEN pg_temp.r(b.i, 126, 100) = 0
            THEN t.created_at + make_interval(days => 30 + pg_temp.r(b.i, 127, 1000))
       END,
       t.created_at,
       t.created_at + make_interval(days => pg_temp.r(b.i, 128, 1200), secs => pg_temp.r(b.i, 129, 86400))
FROM (
    SELECT b0.*,
           CASE WHEN b0.series_id IS NOT NULL
                THEN (row_number() OVER (PARTITION BY b0.series_id ORDER BY b0.i))::integer
           END AS position
    FROM (
        SELECT i,
               CASE WHEN pg_temp.r(i, 101, 8) = 0 THEN NULL ELSE 1 + (i - 1) % pg_temp.n_series() END AS series_id,
               CASE WHEN pg_temp.r(i, 130, 100) < 40 THEN 'published'
                    WHEN pg_temp.r(i, 130, 100) < 55 THEN 'revising'
                    WHEN pg_temp.r(i, 130, 100) < 75 THEN 'drafting'
                    WHEN pg_temp.r(i, 130, 100) < 90 THEN 'planning'
                    ELSE 'abandoned'
               END::book_status AS status,
               CASE pg_temp.r(i, 131, 5)
                   WHEN 0 THEN 'The ' || pg_temp.pick(pg_temp.adjectives(), i, 132) || ' ' || pg_temp.pick(pg_temp.nouns(), i, 133)
                   WHEN 1 THEN pg_temp.pick(pg_temp.nouns(), i, 134) || ' of ' || pg_temp.pick(pg_temp.nouns_mass(), i, 135)
                   WHEN 2 THEN 'A ' || pg_temp.pick(ARRAY['Song','Map','House','Season','Court','Memory','Gathering','Dance'], i, 136)
                               || ' of ' || pg_temp.pick(pg_temp.nouns_mass(), i, 137)
                   WHEN 3 THEN pg_temp.pick(pg_temp.adjectives(), i, 138) || ' ' || pg_temp.pick(pg_temp.nouns_mass(), i, 139)
                   ELSE 'The ' || pg_temp.pick(pg_temp.persons(), i, 140) || '''s ' || pg_temp.pick(pg_temp.relatives(), i, 141)
               END AS title,
               (i::bigint * 48271 + 31415926) % 100000000 AS isbn_n,
               pg_temp.t0() + make_interval(days => pg_temp.r(i, 142, 4300), secs => pg_temp.r(i, 143, 86400)) AS standalone_created_at
        FROM generate_series(1, pg_temp.n_books()) AS i
    ) AS b0
) AS b
LEFT JOIN series s ON s.id = b.series_id
CROSS JOIN LATERAL (
    -- books of a series are started one after the other, about six months apart
    SELECT CASE WHEN s.id IS NULL THEN b.standalone_created_at
                ELSE s.created_at + make_interval(days => 180 * (b.position - 1) + pg_temp.r(b.i, 144, 180),
                                                  secs => pg_temp.r(b.i, 143, 86400))
           END AS created_at
) AS t
ORDER BY b.i;

-- ---------------------------------------------------------------------------------------
-- characters: 6 per series (ids 1 .. 6 * series), then 3 per outlined standalone book
-- ---------------------------------------------------------------------------------------

CREATE TEMP TABLE demo_series_books AS
SELECT series_id, (array_agg(id ORDER BY id))[1:2] AS first_books
FROM books
WHERE series_id IS NOT NULL
GROUP BY series_id;

INSERT INTO characters (id, series_id, name, role, age, description, traits, attributes,
                        first_appearance_book_id, created_at, updated_at)
OVERRIDING SYSTEM VALUE
SELECT c.i,
       c.series_id,
       c.name,
       c.role,
       CASE WHEN pg_temp.r(c.i, 201, 8) = 0 THEN NULL ELSE 9 + pg_temp.r(c.i, 202, 75) END,
       CASE WHEN pg_temp.r(c.i, 203, 7) = 0 THEN NULL
            ELSE format('%s %s who %s.', pg_temp.cap(pg_temp.a(pg_temp.pick(pg_temp.traits(), c.i, 204))),
                        pg_temp.pick(pg_temp.occupations(), c.i, 205), pg_temp.pick(pg_temp.motives(), c.i, 206))
       END,
       CASE WHEN pg_temp.r(c.i, 207, 10) = 0 THEN NULL
            ELSE pg_temp.subset(pg_temp.traits(), c.i, 208, 1 + pg_temp.r(c.i, 209, 4))
       END,
       CASE WHEN pg_temp.r(c.i, 210, 12) = 0 THEN NULL
            ELSE jsonb_strip_nulls(jsonb_build_object(
                     'eye_color', pg_temp.pick(ARRAY['brown','blue','green','grey','hazel','amber'], c.i, 211),
                     'hair', pg_temp.pick(ARRAY['black','auburn','silver','blond','red','shaved','dark brown'], c.i, 212),
                     'occupation', pg_temp.pick(pg_temp.occupations(), c.i, 213),
                     'height_cm', 150 + pg_temp.r(c.i, 214, 50),
                     'allegiance', CASE WHEN pg_temp.r(c.i, 215, 3) = 0
                                        THEN pg_temp.pick(ARRAY['the Crown','the Salt Guild','the Rebellion','nobody'], c.i, 216) END))
       END,
       CASE WHEN c.k < 4 THEN sb.first_books[1] ELSE coalesce(sb.first_books[2], sb.first_books[1]) END,
       t.created_at,
       t.created_at + make_interval(days => pg_temp.r(c.i, 217, 500))
FROM (
    SELECT i,
           1 + (i - 1) / 6 AS series_id,
           (i - 1) % 6 AS k,
           CASE (i - 1) % 6
               WHEN 0 THEN 'protagonist' WHEN 1 THEN 'antagonist'
               WHEN 2 THEN 'supporting'  WHEN 3 THEN 'supporting'
               WHEN 4 THEN 'minor'
               ELSE CASE WHEN pg_temp.r(i, 218, 5) = 0 THEN NULL ELSE 'minor' END
           END::character_role AS role,
           pg_temp.pick(pg_temp.char_first(), i, 219)
               || CASE WHEN pg_temp.r(i, 220, 6) = 0 THEN '' ELSE ' ' || pg_temp.pick(pg_temp.char_last(), i, 221) END AS name,
           make_interval(days => pg_temp.r(i, 222, 400), secs => pg_temp.r(i, 223, 86400)) AS created_offset
    FROM generate_series(1, 6 * pg_temp.n_series()) AS i
) AS c
JOIN series s ON s.id = c.series_id
LEFT JOIN demo_series_books sb ON sb.series_id = c.series_id
CROSS JOIN LATERAL (SELECT s.created_at + c.created_offset AS created_at) AS t;

INSERT INTO characters (id, series_id, name, role, age, description, traits, attributes,
                        first_appearance_book_id, created_at, updated_at)
OVERRIDING SYSTEM VALUE
SELECT c.id,
       NULL,
       pg_temp.pick(pg_temp.char_first(), c.id, 219) || ' ' || pg_temp.pick(pg_temp.char_last(), c.id, 221),
       (ARRAY['protagonist','antagonist','supporting']::character_role[])[1 + c.k],
       CASE WHEN pg_temp.r(c.id, 201, 8) = 0 THEN NULL ELSE 16 + pg_temp.r(c.id, 202, 60) END,
       format('%s %s who %s.', pg_temp.cap(pg_temp.a(pg_temp.pick(pg_temp.traits(), c.id, 204))),
              pg_temp.pick(pg_temp.occupations(), c.id, 205), pg_temp.pick(pg_temp.motives(), c.id, 206)),
       pg_temp.subset(pg_temp.traits(), c.id, 208, 1 + pg_temp.r(c.id, 209, 4)),
       jsonb_build_object('occupation', pg_temp.pick(pg_temp.occupations(), c.id, 213),
                          'eye_color', pg_temp.pick(ARRAY['brown','blue','green','grey','hazel'], c.id, 211)),
       c.book_id,
       c.created_at,
       c.created_at
FROM (
    SELECT 6 * pg_temp.n_series() + 3 * (sb.rn - 1) + k.k + 1 AS id,
           k.k, sb.book_id, sb.created_at
    FROM (SELECT b.id AS book_id, b.created_at, row_number() OVER (ORDER BY b.id) AS rn
          FROM books b
          WHERE b.id <= pg_temp.n_outlined() AND b.series_id IS NULL) AS sb
    CROSS JOIN generate_series(0, 2) AS k(k)
) AS c;

-- ---------------------------------------------------------------------------------------
-- locations: 5 per series, l = 5 * (series - 1) + k + 1
--   k = 0 world, 1 continent/country (in the world), 2 city, 3 building, 4 room or "other"
-- ---------------------------------------------------------------------------------------

INSERT INTO locations (id, series_id, name, parent_location_id, kind, description, latitude, longitude, created_at)
OVERRIDING SYSTEM VALUE
SELECT l.i,
       l.series_id,
       CASE l.kind
           WHEN 'world'     THEN initcap(pg_temp.pick(pg_temp.syllables(), l.i, 301) || pg_temp.pick(pg_temp.syllables(), l.i, 302)
                                         || pg_temp.pick(pg_temp.place_endings(), l.i, 303))
           WHEN 'continent' THEN 'The ' || pg_temp.pick(ARRAY['Northern','Southern','Eastern','Western','Sundered','Twin'], l.i, 304)
                                 || ' ' || pg_temp.pick(ARRAY['Reaches','Kingdoms','Isles','Expanse','Marches'], l.i, 305)
           WHEN 'country'   THEN initcap(pg_temp.pick(pg_temp.syllables(), l.i, 306) || pg_temp.pick(pg_temp.place_endings(), l.i, 307))
           WHEN 'city'      THEN initcap(pg_temp.pick(pg_temp.syllables(), l.i, 308) || pg_temp.pick(pg_temp.syllables(), l.i, 309)
                                         || pg_temp.pick(pg_temp.place_endings(), l.i, 310))
           WHEN 'building'  THEN pg_temp.pick(pg_temp.buildings(), l.i, 311)
           WHEN 'room'      THEN pg_temp.pick(pg_temp.rooms(), l.i, 312)
           ELSE 'The ' || pg_temp.pick(pg_temp.wilds(), l.i, 313)
       END,
       l.parent_id,
       l.kind,
       CASE WHEN pg_temp.r(l.i, 314, 4) = 0 THEN NULL
            ELSE pg_temp.pick(ARRAY['Cold, wind-scoured and older than anyone remembers.',
                                    'Crowded, loud and smelling of salt and smoke.',
                                    'Quiet enough to hear the bells from the harbor.',
                                    'Where the story begins.',
                                    'Nobody goes here after dark.',
                                    'Rebuilt twice after the great fire.',
                                    'Lush, green and full of secrets.'], l.i, 315)
       END,
       CASE WHEN l.kind IN ('world', 'other') THEN NULL
            ELSE round(((pg_temp.r(l.series_id, 316, 120000) - 60000) / 1000.0
                        + (pg_temp.r(l.i, 317, 2000) - 1000) / 10000.0)::numeric, 6)
       END,
       CASE WHEN l.kind IN ('world', 'other') THEN NULL
            ELSE round(((pg_temp.r(l.series_id, 318, 340000) - 170000) / 1000.0
                        + (pg_temp.r(l.i, 319, 2000) - 1000) / 10000.0)::numeric, 6)
       END,
       s.created_at + make_interval(days => l.k + pg_temp.r(l.i, 320, 60), secs => pg_temp.r(l.i, 321, 86400))
FROM (
    SELECT x.i, x.series_id, x.k,
           CASE x.k
               WHEN 0 THEN 'world'
               WHEN 1 THEN CASE WHEN x.series_id % 2 = 0 THEN 'continent' ELSE 'country' END
               WHEN 2 THEN 'city'
               WHEN 3 THEN 'building'
               ELSE CASE WHEN pg_temp.r(x.i, 322, 10) < 6 THEN 'room' ELSE 'other' END
           END AS kind,
           CASE WHEN x.k = 0 THEN NULL
                WHEN x.k < 4 THEN x.i - 1
                WHEN pg_temp.r(x.i, 322, 10) < 6 THEN x.i - 1      -- room in the building
                WHEN pg_temp.r(x.i, 322, 10) < 9 THEN x.i - 3      -- wilderness of the continent
                ELSE NULL                                          -- a place on no map
           END AS parent_id
    FROM (SELECT i, 1 + (i - 1) / 5 AS series_id, (i - 1) % 5 AS k
          FROM generate_series(1, 5 * pg_temp.n_series()) AS i) AS x
) AS l
JOIN series s ON s.id = l.series_id;

-- ---------------------------------------------------------------------------------------
-- chapters: 3 per outlined book, id = 3 * (book - 1) + chapter_number
-- ---------------------------------------------------------------------------------------

-- cast (character ids) and places (location ids) each outlined book can use
CREATE TEMP TABLE demo_book_cast AS
SELECT b.id AS book_id,
       b.status,
       b.word_count,
       b.created_at,
       CASE WHEN b.series_id IS NOT NULL
            THEN ARRAY(SELECT 6 * (b.series_id - 1) + g FROM generate_series(1, 6) AS g)
            ELSE sc.cast_ids
       END AS cast_ids,
       CASE WHEN b.series_id IS NOT NULL
            THEN ARRAY(SELECT 5 * (b.series_id - 1) + g FROM generate_series(2, 5) AS g)
       END AS place_ids
FROM books b
LEFT JOIN (SELECT first_appearance_book_id AS book_id, array_agg(id ORDER BY id) AS cast_ids
           FROM characters
           WHERE series_id IS NULL
           GROUP BY first_appearance_book_id) AS sc ON sc.book_id = b.id
WHERE b.id <= pg_temp.n_outlined();

INSERT INTO chapters (id, book_id, chapter_number, title, summary, word_count, pov_character_id,
                      deleted_at, created_at, updated_at)
OVERRIDING SYSTEM VALUE
SELECT ch.id,
       ch.book_id,
       ch.n,
       CASE WHEN pg_temp.r(ch.id, 401, 6) = 0 THEN NULL
            ELSE CASE pg_temp.r(ch.id, 402, 4)
                     WHEN 0 THEN 'The ' || pg_temp.pick(pg_temp.nouns(), ch.id, 403)
                     WHEN 1 THEN pg_temp.pick(pg_temp.nouns(), ch.id, 404) || ' and ' || pg_temp.pick(pg_temp.nouns_mass(), ch.id, 405)
                     WHEN 2 THEN pg_temp.pick(pg_temp.adjectives(), ch.id, 406) || ' ' || pg_temp.pick(pg_temp.nouns_mass(), ch.id, 407)
                     ELSE 'Before the ' || pg_temp.pick(pg_temp.nouns(), ch.id, 408)
                 END
       END,
       CASE WHEN pg_temp.r(ch.id, 409, 8) = 0 THEN NULL
            ELSE coalesce(split_part(pov.name, ' ', 1), 'The narrator') || ' '
                 || pg_temp.pick(pg_temp.plot_verbs(), ch.id, 410) || ' '
                 || pg_temp.pick(pg_temp.plot_objects(), ch.id, 411) || '.'
       END,
       ch.word_count,
       ch.pov_id,
       CASE WHEN pg_temp.r(ch.id, 412, 80) = 0 THEN ch.created_at + interval '45 days' END,
       ch.created_at,
       ch.created_at + make_interval(days => pg_temp.r(ch.id, 413, 300))
FROM (
    SELECT 3 * (bc.book_id - 1) + n.n AS id,
           bc.book_id,
           n.n,
           CASE WHEN bc.status = 'planning' THEN 0
                ELSE least(bc.word_count / 3, 1500 + pg_temp.r(3 * (bc.book_id - 1) + n.n, 414, 4500))
           END AS word_count,
           CASE WHEN pg_temp.r(3 * (bc.book_id - 1) + n.n, 415, 6) = 0 THEN NULL
                ELSE bc.cast_ids[1 + pg_temp.r(3 * (bc.book_id - 1) + n.n, 416, least(cardinality(bc.cast_ids), 4))]
           END AS pov_id,
           bc.created_at + make_interval(days => 30 * (n.n - 1) + pg_temp.r(3 * (bc.book_id - 1) + n.n, 417, 30)) AS created_at
    FROM demo_book_cast bc
    CROSS JOIN generate_series(1, 3) AS n(n)
) AS ch
LEFT JOIN characters pov ON pov.id = ch.pov_id;

-- ---------------------------------------------------------------------------------------
-- scenes: 2 per chapter, id = 2 * (chapter - 1) + scene_number
-- ---------------------------------------------------------------------------------------

INSERT INTO scenes (id, chapter_id, scene_number, location_id, summary, mood, scene_time,
                    duration_minutes, word_count, created_at)
OVERRIDING SYSTEM VALUE
SELECT sc.id,
       sc.chapter_id,
       sc.n,
       CASE WHEN pg_temp.r(sc.id, 501, 7) = 0 THEN NULL
            ELSE sc.place_ids[1 + pg_temp.r(sc.id, 502, cardinality(sc.place_ids))]
       END,
       CASE WHEN pg_temp.r(sc.id, 503, 9) = 0 THEN NULL
            ELSE pg_temp.pick(ARRAY['An argument','A chase','A quiet conversation','A discovery','An ambush',
                                    'A farewell','A negotiation','A confession','A storm','A funeral'], sc.id, 504)
                 || ' ' || pg_temp.pick(ARRAY['at dawn','in the rain','by candlelight','at the worst possible moment',
                                              'under a false name','while the bells ring','in complete silence'], sc.id, 505)
                 || '.'
       END,
       CASE WHEN pg_temp.r(sc.id, 506, 10) = 0 THEN NULL ELSE pg_temp.pick(pg_temp.moods(), sc.id, 507) END,
       CASE WHEN pg_temp.r(sc.id, 508, 10) = 0 THEN NULL
            ELSE timestamptz '1955-01-01 00:00:00+00'
                 + make_interval(days => pg_temp.r(sc.book_id, 509, 45000))                 -- story start of the book
                 + make_interval(hours => 9 * (2 * (sc.chapter_number - 1) + sc.n - 1)
                                          + pg_temp.r(sc.id, 510, 6), mins => pg_temp.r(sc.id, 511, 60))
       END,
       CASE WHEN pg_temp.r(sc.id, 512, 10) = 0 THEN NULL ELSE 5 + pg_temp.r(sc.id, 513, 240) END,
       CASE WHEN sc.chapter_words = 0 THEN 0
            ELSE greatest(sc.chapter_words / 2 + pg_temp.r(sc.id, 514, 400) - 200, 0)
       END,
       sc.created_at
FROM (
    SELECT 2 * (ch.id - 1) + n.n AS id,
           ch.id AS chapter_id,
           ch.chapter_number,
           ch.book_id,
           n.n,
           bc.place_ids,
           ch.word_count AS chapter_words,
           ch.created_at + make_interval(days => n.n) AS created_at
    FROM chapters ch
    JOIN demo_book_cast bc ON bc.book_id = ch.book_id
    CROSS JOIN generate_series(1, 2) AS n(n)
) AS sc;

-- ---------------------------------------------------------------------------------------
-- scene_characters: 2 distinct members of the book's cast per scene
-- ---------------------------------------------------------------------------------------

INSERT INTO scene_characters (scene_id, character_id)
SELECT x.scene_id, x.cast_ids[1 + p.pos]
FROM (
    SELECT s.id AS scene_id,
           bc.cast_ids,
           cardinality(bc.cast_ids) AS n,
           pg_temp.r(s.id, 601, cardinality(bc.cast_ids)) AS first_pos,
           1 + pg_temp.r(s.id, 602, cardinality(bc.cast_ids) - 1) AS step
    FROM scenes s
    JOIN chapters ch ON ch.id = s.chapter_id
    JOIN demo_book_cast bc ON bc.book_id = ch.book_id
    WHERE cardinality(bc.cast_ids) >= 2
) AS x
CROSS JOIN LATERAL (VALUES (x.first_pos), ((x.first_pos + x.step) % x.n)) AS p(pos);

-- ---------------------------------------------------------------------------------------
-- Restricted tables (fake credentials, for the access-denied demonstration)
-- ---------------------------------------------------------------------------------------

INSERT INTO users (username, email, password_hash, created_at)
SELECT CASE i WHEN 1 THEN 'admin' WHEN 2 THEN 'editor' WHEN 3 THEN 'support'
              ELSE pg_temp.slug(pg_temp.pick(pg_temp.first_names(), i, 701), '') || '_'
                   || pg_temp.slug(pg_temp.pick(pg_temp.last_names(), i, 702), '') || i
       END,
       CASE WHEN pg_temp.r(i, 703, 10) = 0 THEN NULL ELSE 'user' || i || '@example.com' END,
       -- bcrypt-shaped, not a real hash of anything
       chr(36) || '2b' || chr(36) || '12' || chr(36)
           || translate(substr(encode(sha256(convert_to('demo-user-' || i, 'UTF8')), 'base64')
                               || encode(sha256(convert_to('salt-' || i, 'UTF8')), 'base64'), 1, 53), '+=', '.A'),
       pg_temp.t0() + make_interval(days => pg_temp.r(i, 704, 4000))
FROM generate_series(1, 50) AS i
ORDER BY i;

INSERT INTO auth_tokens (user_id, token, expires_at)
SELECT 1 + (t - 1) % 50,
       'wst_' || encode(sha256(convert_to('demo-token-' || t, 'UTF8')), 'hex'),
       CASE WHEN pg_temp.r(t, 801, 10) = 0 THEN NULL
            ELSE date_trunc('second', now()) + make_interval(days => pg_temp.r(t, 802, 120) - 60)
       END
FROM generate_series(1, 100) AS t
ORDER BY t;

INSERT INTO system_config (key, value, updated_at) VALUES
    ('app.name',                 'Inkwell Writing Studio',                         timestamptz '2024-01-15 09:00:00+00'),
    ('app.maintenance_mode',     'false',                                          timestamptz '2024-03-02 22:15:00+00'),
    ('session.timeout_minutes',  '60',                                             timestamptz '2023-11-20 10:30:00+00'),
    ('smtp.host',                'smtp.example.com',                               timestamptz '2023-06-01 08:00:00+00'),
    ('smtp.password',            'not-a-real-password-4f9c2e',                     timestamptz '2023-06-01 08:00:00+00'),
    ('stripe.secret_key',        'sk_test_demo_0000000000000000000000',            timestamptz '2024-02-10 14:45:00+00'),
    ('jwt.signing_secret',       'demo-signing-secret-do-not-use-in-production',   timestamptz '2024-02-10 14:46:00+00'),
    ('features.ai_suggestions',  'true',                                           timestamptz '2024-05-05 12:00:00+00'),
    ('storage.bucket',           's3://inkwell-demo-manuscripts',                  timestamptz '2023-09-09 09:09:00+00'),
    ('backup.retention_days',    '30',                                             timestamptz '2024-04-01 00:00:00+00');

-- ---------------------------------------------------------------------------------------
-- Identity sequences continue after the explicit ids
-- ---------------------------------------------------------------------------------------

DO $$
BEGIN
    PERFORM setval(pg_get_serial_sequence('authors', 'id'),    max(id)) FROM authors;
    PERFORM setval(pg_get_serial_sequence('series', 'id'),     max(id)) FROM series;
    PERFORM setval(pg_get_serial_sequence('books', 'id'),      max(id)) FROM books;
    PERFORM setval(pg_get_serial_sequence('characters', 'id'), max(id)) FROM characters;
    PERFORM setval(pg_get_serial_sequence('locations', 'id'),  max(id)) FROM locations;
    PERFORM setval(pg_get_serial_sequence('chapters', 'id'),   max(id)) FROM chapters;
    PERFORM setval(pg_get_serial_sequence('scenes', 'id'),     max(id)) FROM scenes;
END
$$;

-- ---------------------------------------------------------------------------------------
-- Restore the indexes and foreign keys set aside above (the foreign keys are validated here)
-- ---------------------------------------------------------------------------------------

DO $$
DECLARE
    d record;
BEGIN
    FOR d IN SELECT create_sql FROM demo_deferred_ddl ORDER BY step DESC, create_sql LOOP
        EXECUTE d.create_sql;
    END LOOP;
END
$$;

-- ---------------------------------------------------------------------------------------
-- Clean up the session-local helpers, then refresh planner statistics
-- ---------------------------------------------------------------------------------------

DROP TABLE demo_deferred_ddl;
DROP TABLE demo_book_cast;
DROP TABLE demo_series_books;

DROP FUNCTION pg_temp.n_outlined(), pg_temp.n_series(), pg_temp.n_authors(), pg_temp.n_books(),
              pg_temp.subset(text[], bigint, bigint, integer), pg_temp.pick(text[], bigint, bigint),
              pg_temp.r(bigint, bigint, integer), pg_temp.slug(text, text), pg_temp.a(text), pg_temp.cap(text),
              pg_temp.first_names(), pg_temp.last_names(), pg_temp.char_first(), pg_temp.char_last(),
              pg_temp.adjectives(), pg_temp.nouns(), pg_temp.nouns_mass(), pg_temp.persons(),
              pg_temp.relatives(), pg_temp.genres(), pg_temp.tags(), pg_temp.themes(), pg_temp.traits(),
              pg_temp.occupations(), pg_temp.motives(), pg_temp.plot_verbs(), pg_temp.plot_objects(),
              pg_temp.moods(), pg_temp.syllables(), pg_temp.place_endings(), pg_temp.buildings(),
              pg_temp.rooms(), pg_temp.wilds(), pg_temp.t0();

ANALYZE authors, series, books, characters, locations, chapters, scenes, scene_characters,
        users, auth_tokens, system_config;
