-- Demo dataset, part 1: the schema of a "writing system" used by authors planning fiction.
-- Applied by Flyway (location classpath:db/demo, its own history table) into the embedded
-- PostgreSQL when no database is configured. Everything here runs inside one transaction.

-- The demo lives in public; Flyway keeps its history in the server's own schema (dbadmin).
SET search_path TO public;

-- ---------------------------------------------------------------------------------------
-- Types
-- ---------------------------------------------------------------------------------------

CREATE TYPE book_status AS ENUM ('planning', 'drafting', 'revising', 'published', 'abandoned');

CREATE TYPE character_role AS ENUM ('protagonist', 'antagonist', 'supporting', 'minor');

-- ---------------------------------------------------------------------------------------
-- Authors, series, books
-- ---------------------------------------------------------------------------------------

CREATE TABLE authors (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL,
    email       text        UNIQUE,
    bio         text,
    website     text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE series (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    author_id      bigint      NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
    title          text        NOT NULL,
    description    text,
    genre          text,
    planned_books  integer     CHECK (planned_books > 0),
    metadata       jsonb       DEFAULT '{}'::jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX series_author_id_idx ON series (author_id);

CREATE TABLE books (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    series_id          bigint        REFERENCES series (id) ON DELETE SET NULL,
    author_id          bigint        NOT NULL REFERENCES authors (id),
    title              text          NOT NULL,
    subtitle           text,
    status             book_status   NOT NULL DEFAULT 'planning',
    word_count         integer       DEFAULT 0 CHECK (word_count >= 0),
    target_word_count  integer       CHECK (target_word_count > 0),
    genre              text,
    tags               text[]        DEFAULT '{}',
    isbn               text          UNIQUE,
    price              numeric(10,2) CHECK (price >= 0),
    published_on       date,
    metadata           jsonb         DEFAULT '{}'::jsonb,
    cover_image        bytea,
    deleted_at         timestamptz,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    updated_at         timestamptz   NOT NULL DEFAULT now()
);

CREATE INDEX books_series_id_idx    ON books (series_id);
CREATE INDEX books_author_id_idx    ON books (author_id);
CREATE INDEX books_status_idx       ON books (status);
CREATE INDEX books_published_on_idx ON books (published_on) WHERE status = 'published';
CREATE INDEX books_tags_gin_idx     ON books USING gin (tags);

-- ---------------------------------------------------------------------------------------
-- Story bible: characters and locations (per series)
-- ---------------------------------------------------------------------------------------

CREATE TABLE characters (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    series_id                 bigint         REFERENCES series (id) ON DELETE CASCADE,
    name                      text           NOT NULL,
    role                      character_role,
    age                       integer        CHECK (age >= 0),
    description               text,
    traits                    text[],
    attributes                jsonb,
    first_appearance_book_id  bigint         REFERENCES books (id) ON DELETE SET NULL,
    created_at                timestamptz    NOT NULL DEFAULT now(),
    updated_at                timestamptz    NOT NULL DEFAULT now()
);

CREATE INDEX characters_series_id_idx        ON characters (series_id);
CREATE INDEX characters_first_appearance_idx ON characters (first_appearance_book_id);

CREATE TABLE locations (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    series_id           bigint       REFERENCES series (id) ON DELETE CASCADE,
    name                text         NOT NULL,
    parent_location_id  bigint       REFERENCES locations (id) ON DELETE SET NULL,
    kind                text         CHECK (kind IN ('world', 'continent', 'country', 'city',
                                                     'building', 'room', 'other')),
    description         text,
    latitude            numeric(9,6) CHECK (latitude BETWEEN -90 AND 90),
    longitude           numeric(9,6) CHECK (longitude BETWEEN -180 AND 180),
    created_at          timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX locations_series_id_idx ON locations (series_id);
CREATE INDEX locations_parent_idx    ON locations (parent_location_id);

-- ---------------------------------------------------------------------------------------
-- Manuscript structure: chapters, scenes, who is in each scene
-- ---------------------------------------------------------------------------------------

CREATE TABLE chapters (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    book_id           bigint      NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    chapter_number    integer     NOT NULL CHECK (chapter_number > 0),
    title             text,
    summary           text,
    word_count        integer     DEFAULT 0 CHECK (word_count >= 0),
    pov_character_id  bigint      REFERENCES characters (id) ON DELETE SET NULL,
    deleted_at        timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT chapters_book_chapter_number_key UNIQUE (book_id, chapter_number)
);

CREATE INDEX chapters_pov_character_idx ON chapters (pov_character_id);

CREATE TABLE scenes (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chapter_id        bigint      NOT NULL REFERENCES chapters (id) ON DELETE CASCADE,
    scene_number      integer     NOT NULL CHECK (scene_number > 0),
    location_id       bigint      REFERENCES locations (id) ON DELETE SET NULL,
    summary           text,
    mood              text,
    scene_time        timestamptz,
    duration_minutes  integer     CHECK (duration_minutes >= 0),
    word_count        integer     DEFAULT 0 CHECK (word_count >= 0),
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT scenes_chapter_scene_number_key UNIQUE (chapter_id, scene_number)
);

CREATE INDEX scenes_location_id_idx ON scenes (location_id);

CREATE TABLE scene_characters (
    scene_id      bigint NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
    character_id  bigint NOT NULL REFERENCES characters (id) ON DELETE CASCADE,
    PRIMARY KEY (scene_id, character_id)
);

CREATE INDEX scene_characters_character_idx ON scene_characters (character_id);

-- ---------------------------------------------------------------------------------------
-- Sensitive tables. The product restricts these by default (DB_ADMIN_RESTRICTED_TABLES):
-- no tool may read, write, export or restore them. They exist to demonstrate that.
-- ---------------------------------------------------------------------------------------

CREATE TABLE users (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       text        NOT NULL UNIQUE,
    email          text,
    password_hash  text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE auth_tokens (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token       text        NOT NULL,
    expires_at  timestamptz
);

CREATE INDEX auth_tokens_user_id_idx ON auth_tokens (user_id);

CREATE TABLE system_config (
    key         text PRIMARY KEY,
    value       text NOT NULL,
    updated_at  timestamptz DEFAULT now()
);

-- ---------------------------------------------------------------------------------------
-- View
-- ---------------------------------------------------------------------------------------

CREATE VIEW published_books AS
SELECT b.id,
       b.title,
       b.subtitle,
       b.author_id,
       a.name AS author_name,
       b.series_id,
       b.genre,
       b.tags,
       b.isbn,
       b.price,
       b.published_on,
       b.word_count
FROM books b
JOIN authors a ON a.id = b.author_id
WHERE b.status = 'published'
  AND b.deleted_at IS NULL;

-- ---------------------------------------------------------------------------------------
-- updated_at maintenance
-- ---------------------------------------------------------------------------------------

CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER authors_set_updated_at    BEFORE UPDATE ON authors    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER series_set_updated_at     BEFORE UPDATE ON series     FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER books_set_updated_at      BEFORE UPDATE ON books      FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER chapters_set_updated_at   BEFORE UPDATE ON chapters   FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER characters_set_updated_at BEFORE UPDATE ON characters FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ---------------------------------------------------------------------------------------
-- Documentation
-- ---------------------------------------------------------------------------------------

COMMENT ON TYPE book_status IS 'Lifecycle of a book, from first idea to publication (or abandonment).';
COMMENT ON TYPE character_role IS 'Narrative role of a character.';

COMMENT ON TABLE authors IS 'Writers using the system. One author owns many series and books.';
COMMENT ON COLUMN authors.email IS 'Contact address; unique when present.';

COMMENT ON TABLE series IS 'A series of books sharing a world, characters and locations.';
COMMENT ON COLUMN series.planned_books IS 'How many books the author intends the series to have.';
COMMENT ON COLUMN series.metadata IS 'Free-form planning notes: setting, audience, inspirations.';

COMMENT ON TABLE books IS 'Books, standalone (series_id null) or part of a series. Soft-deleted rows have deleted_at set.';
COMMENT ON COLUMN books.status IS 'Where the book is in its lifecycle.';
COMMENT ON COLUMN books.word_count IS 'Current length of the manuscript in words.';
COMMENT ON COLUMN books.target_word_count IS 'Length the author is aiming for.';
COMMENT ON COLUMN books.tags IS 'Free tags (tropes, moods, themes); GIN indexed.';
COMMENT ON COLUMN books.isbn IS 'ISBN-13 of the published edition.';
COMMENT ON COLUMN books.metadata IS 'Craft settings: point of view, tense, themes, comparable titles.';
COMMENT ON COLUMN books.cover_image IS 'Small cover thumbnail (binary).';
COMMENT ON COLUMN books.deleted_at IS 'Set when the book is soft-deleted.';

COMMENT ON TABLE chapters IS 'Chapters of a book, numbered from 1. Soft-deleted rows have deleted_at set.';
COMMENT ON COLUMN chapters.pov_character_id IS 'Point-of-view character of the chapter, if any.';

COMMENT ON TABLE characters IS 'Characters of a series (or of a standalone book when series_id is null).';
COMMENT ON COLUMN characters.attributes IS 'Appearance and background facts as JSON.';
COMMENT ON COLUMN characters.first_appearance_book_id IS 'Book in which the character first appears.';

COMMENT ON TABLE locations IS 'Places of a series, nested through parent_location_id (world > continent > city > building > room).';

COMMENT ON TABLE scenes IS 'Scenes of a chapter, numbered from 1, with where and when they happen.';
COMMENT ON COLUMN scenes.scene_time IS 'In-story date and time at which the scene starts.';

COMMENT ON TABLE scene_characters IS 'Which characters take part in which scene (composite primary key).';

COMMENT ON TABLE users IS 'Application login accounts. Restricted: never exposed by the admin tools.';
COMMENT ON TABLE auth_tokens IS 'Session and API tokens. Restricted: never exposed by the admin tools.';
COMMENT ON TABLE system_config IS 'Application settings, including secrets. Restricted: never exposed by the admin tools.';

COMMENT ON VIEW published_books IS 'Published, not deleted books with their author name.';
